// SPDX-License-Identifier: GPL-3.0-or-later
#include "prechatpage.h"

#include "settingsnote.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>

namespace frontline::ui {

namespace {

QComboBox *requirementField(const QString &objectName, QWidget *parent)
{
    auto *field = new QComboBox(parent);
    field->setObjectName(objectName);
    field->addItem(PreChatPage::tr("Not asked"), QStringLiteral("off"));
    field->addItem(PreChatPage::tr("Optional"), QStringLiteral("optional"));
    field->addItem(PreChatPage::tr("Required"), QStringLiteral("required"));
    return field;
}

void choose(QComboBox *field, const QString &value)
{
    const int index = field->findData(value);
    field->setCurrentIndex(index >= 0 ? index : 0);
}

} // namespace

PreChatPage::PreChatPage(QWidget *parent)
    : QWidget(parent)
    , m_enabled(new QCheckBox(tr("Customers fill in a form before their first message"), this))
    , m_name(requirementField(QStringLiteral("preChatName"), this))
    , m_email(requirementField(QStringLiteral("preChatEmail"), this))
    , m_consent(new QCheckBox(tr("Ask for consent with a checkbox"), this))
    , m_consentText(new QPlainTextEdit(this))
    , m_consentRequired(new QCheckBox(tr("Customers must tick it to start"), this))
    , m_note(settingsNote(QString(), this))
{
    m_enabled->setObjectName(QStringLiteral("preChatEnabled"));
    m_consent->setObjectName(QStringLiteral("preChatConsent"));
    m_consentText->setObjectName(QStringLiteral("preChatConsentText"));
    m_consentText->setPlaceholderText(
        tr("e.g. I agree that my messages are kept to answer me, as the privacy policy says."));
    m_consentText->setTabChangesFocus(true);
    m_consentText->setMaximumHeight(m_consentText->fontMetrics().lineSpacing() * 4 + 12);
    m_consentRequired->setObjectName(QStringLiteral("preChatConsentRequired"));

    auto *form = new QFormLayout(this);
    form->addRow(settingsNote(tr("What the chat page asks before the customer's first message. "
                                 "An e-mail address lets replies reach customers who left."),
        this));
    form->addRow(QString(), m_enabled);
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("E-mail"), m_email);
    form->addRow(QString(), m_consent);
    form->addRow(tr("Consent text"), m_consentText);
    form->addRow(QString(), m_consentRequired);
    form->addRow(settingsNote(tr("The text is shown as written, next to the checkbox, in "
                                 "every language: write it in your customers' language."),
        this));
    form->addRow(m_note);
    for (QCheckBox *box : { m_enabled, m_consent })
        connect(box, &QCheckBox::toggled, this, &PreChatPage::updateFields);
    setForm({}, false, false);
}

void PreChatPage::setForm(const QJsonObject &form, bool connected, bool admin)
{
    const bool known = !form.isEmpty(); // a server older than the form sends none
    m_editable = connected && admin && known;
    m_loaded = known ? form : QJsonObject();
    m_enabled->setChecked(form.value(QStringLiteral("enabled")).toBool());
    choose(m_name, form.value(QStringLiteral("name")).toString());
    choose(m_email, form.value(QStringLiteral("email")).toString());
    const QJsonObject consent = form.value(QStringLiteral("consent")).toObject();
    m_consent->setChecked(!consent.isEmpty());
    m_consentText->setPlainText(consent.value(QStringLiteral("text")).toString());
    m_consentRequired->setChecked(consent.value(QStringLiteral("required")).toBool());
    m_note->setText(!connected ? tr("Connect to a server to see or change it.")
            : !known           ? tr("This server has no pre-chat form: it is older than the form.")
            : !admin           ? tr("Only an administrator can change it.")
                               : QString());
    m_note->setVisible(!m_note->text().isEmpty());
    updateFields();
}

void PreChatPage::updateFields()
{
    m_enabled->setEnabled(m_editable);
    const bool on = m_editable && m_enabled->isChecked();
    for (QWidget *field : std::initializer_list<QWidget *> { m_name, m_email, m_consent })
        field->setEnabled(on);
    m_consentText->setEnabled(on && m_consent->isChecked());
    m_consentRequired->setEnabled(on && m_consent->isChecked());
}

QJsonObject PreChatPage::edited() const
{
    QJsonObject form { { QStringLiteral("enabled"), m_enabled->isChecked() },
        { QStringLiteral("name"), m_name->currentData().toString() },
        { QStringLiteral("email"), m_email->currentData().toString() } };
    if (m_consent->isChecked())
        form.insert(QStringLiteral("consent"),
            QJsonObject { { QStringLiteral("text"), m_consentText->toPlainText().trimmed() },
                { QStringLiteral("required"), m_consentRequired->isChecked() } });
    else
        form.insert(QStringLiteral("consent"), QJsonValue::Null);
    return form;
}

QString PreChatPage::problem() const
{
    if (!m_editable || !m_consent->isChecked() || !m_enabled->isChecked())
        return {};
    if (m_consentText->toPlainText().trimmed().isEmpty())
        return tr("Write the text of the consent customers tick, or do not ask for consent.");
    return {};
}

QWidget *PreChatPage::problemField() const
{
    return m_consentText;
}

std::optional<QJsonObject> PreChatPage::change() const
{
    if (!m_editable || !problem().isEmpty())
        return std::nullopt;
    QJsonObject form = edited();
    QJsonObject loaded = m_loaded;
    // A missing consent and a null one are the same form: an untouched tab sends nothing.
    if (!loaded.contains(QStringLiteral("consent")))
        loaded.insert(QStringLiteral("consent"), QJsonValue::Null);
    if (form == loaded)
        return std::nullopt;
    return form;
}

} // namespace frontline::ui
