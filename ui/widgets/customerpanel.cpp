// SPDX-License-Identifier: GPL-3.0-or-later
#include "customerpanel.h"

#include "icons.h"
#include "security/sanitizer.h"

#include <QApplication>
#include <QClipboard>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QToolButton>
#include <QVBoxLayout>

namespace frontline::ui {

CustomerPanel::CustomerPanel(QWidget *parent)
    : QWidget(parent)
{
    m_placeholder = new QLabel(tr("Open a conversation to see who the customer is: their "
                                  "identity, language, browser and usage."),
        this);
    m_placeholder->setObjectName(QStringLiteral("customerPlaceholder"));
    m_placeholder->setWordWrap(true);
    m_placeholder->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_details = new QWidget(this);
    m_form = new QFormLayout(m_details);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setContentsMargins(0, 0, 0, 0);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_placeholder);
    layout->addWidget(m_details);
    m_pastTitle = new QLabel(tr("Earlier conversations"), this);
    QFont bold = m_pastTitle->font();
    bold.setBold(true);
    m_pastTitle->setFont(bold);
    m_pastNone = new QLabel(this);
    m_pastNone->setObjectName(QStringLiteral("pastConversationsNone"));
    m_pastNone->setWordWrap(true);
    m_pastNone->setForegroundRole(QPalette::PlaceholderText);
    m_past = new QListWidget(this);
    m_past->setObjectName(QStringLiteral("pastConversations"));
    m_past->setToolTip(tr("Open one to read it; nothing can be sent there"));
    connect(m_past, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        Q_EMIT pastConversationChosen(item->data(Qt::UserRole).toString());
    });
    connect(m_past, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
        Q_EMIT pastConversationChosen(item->data(Qt::UserRole).toString());
    });
    layout->addWidget(m_pastTitle);
    layout->addWidget(m_pastNone);
    layout->addWidget(m_past, 1);
    // Without earlier conversations the list is hidden: "None" stays under its title.
    layout->addStretch(0);
    m_name = addRow(tr("Customer"), QStringLiteral("customerName"));
    m_identity = addRow(tr("Identity"), QStringLiteral("customerIdentity"));
    {
        // The address and its copy button, the consent under them: what the customer gave.
        auto *field = new QWidget(m_details);
        auto *column = new QVBoxLayout(field);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(0);
        auto *row = new QHBoxLayout;
        row->setContentsMargins(0, 0, 0, 0);
        m_email = new QLabel(field);
        m_email->setObjectName(QStringLiteral("customerEmail"));
        m_email->setTextFormat(Qt::PlainText);
        m_email->setWordWrap(true);
        m_email->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_copyEmail = new QToolButton(field);
        m_copyEmail->setObjectName(QStringLiteral("copyCustomerEmail"));
        m_copyEmail->setIcon(icons::named(QStringLiteral("edit-copy"), palette()));
        m_copyEmail->setAutoRaise(true);
        m_copyEmail->setToolTip(tr("Copy the e-mail address"));
        m_copyEmail->setAccessibleName(tr("Copy the e-mail address"));
        connect(m_copyEmail, &QToolButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_email->text()); });
        row->addWidget(m_email, 1);
        row->addWidget(m_copyEmail, 0, Qt::AlignTop);
        column->addLayout(row);
        m_consent = new QLabel(field);
        m_consent->setObjectName(QStringLiteral("customerConsent"));
        m_consent->setTextFormat(Qt::PlainText);
        m_consent->setWordWrap(true);
        m_consent->setForegroundRole(QPalette::PlaceholderText);
        column->addWidget(m_consent);
        m_form->addRow(tr("E-mail"), field);
    }
    m_locale = addRow(tr("Language"), QStringLiteral("customerLocale"));
    m_ip = addRow(tr("IP address"), QStringLiteral("customerIp"));
    m_userAgent = addRow(tr("Browser"), QStringLiteral("customerUserAgent"));
    m_started = addRow(tr("Started"), QStringLiteral("customerStarted"));
    m_usage = addRow(tr("Usage"), QStringLiteral("customerUsage"));
    m_labels = addRow(tr("Labels"), QStringLiteral("customerLabels"));
    m_labels->setTextFormat(Qt::RichText); // names of letters, digits and - _ . only, escaped
    showSession(nullptr);
}

QLabel *CustomerPanel::addRow(const QString &label, const QString &objectName)
{
    auto *value = new QLabel(m_details);
    value->setObjectName(objectName);
    value->setTextFormat(Qt::PlainText); // customers choose their name and browser string
    value->setWordWrap(true);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_form->addRow(label, value);
    return value;
}

void CustomerPanel::showSession(const SessionItem *session)
{
    const QString none = QStringLiteral("—");
    const bool another = !session || session->id != m_sessionId;
    m_sessionId = session ? session->id : QString();
    m_placeholder->setVisible(!session);
    m_details->setVisible(session != nullptr);
    m_pastTitle->setVisible(session != nullptr);
    if (another || !session) {
        m_past->clear();
        m_past->hide();
        m_pastNone->setVisible(session != nullptr);
        m_pastNone->setText(tr("Loading…"));
    }
    if (session) {
        QStringList chips;
        for (const QString &label : session->labels) {
            const QColor colour
                = m_labelColours.value(label.toCaseFolded(), QColor(0x60, 0x7d, 0x8b));
            chips.append(QStringLiteral("<span style=\"background-color:%1; color:%2;\">"
                                        "&nbsp;%3&nbsp;</span>")
                             .arg(colour.name(),
                                 colour.lightness() > 150 ? QStringLiteral("#000000")
                                                          : QStringLiteral("#ffffff"),
                                 label.toHtmlEscaped()));
        }
        m_labels->setText(chips.isEmpty() ? QStringLiteral("—") : chips.join(QLatin1Char(' ')));
    }
    if (!session) {
        for (QLabel *label :
            { m_name, m_identity, m_email, m_locale, m_ip, m_userAgent, m_started, m_usage })
            label->setText(none);
        m_copyEmail->hide();
        m_consent->hide();
        return;
    }
    m_name->setText(session->customerLabel());
    m_identity->setText(
        session->verified ? tr("Verified user %1").arg(session->userId) : tr("Anonymous"));
    m_email->setText(session->email.isEmpty() ? none : session->email);
    m_copyEmail->setVisible(!session->email.isEmpty());
    m_consent->setVisible(session->consentedAt.isValid());
    m_consent->setText(session->consentedAt.isValid()
            ? tr("Consented %1")
                  .arg(QLocale().toString(session->consentedAt.toLocalTime(), QLocale::ShortFormat))
            : QString());
    m_locale->setText(session->locale.isEmpty() ? none : session->locale);
    m_ip->setText(session->clientIp.isEmpty() ? none : session->clientIp);
    // Cleaned again: sessions stored before the server cleaned it still carry what it sent.
    const QString userAgent = Sanitizer::singleLine(session->userAgent, 500);
    m_userAgent->setText(userAgent.isEmpty() ? none : userAgent);
    m_started->setText(QLocale().toString(session->createdAt.toLocalTime(), QLocale::ShortFormat));
    if (another)
        m_usage->setText(tr("Loading…")); // usage comes with showUsage()
}

void CustomerPanel::setLabelColours(const QList<LabelItem> &labels)
{
    m_labelColours.clear();
    for (const LabelItem &label : labels)
        m_labelColours.insert(label.name.toCaseFolded(), label.colour);
}

void CustomerPanel::showPastConversations(
    const QList<PastConversationItem> &conversations, const QString &reason)
{
    m_past->clear();
    for (const PastConversationItem &past : conversations) {
        const QString started
            = QLocale().toString(past.startedAt.toLocalTime(), QLocale::ShortFormat);
        const QString preview = past.preview.isEmpty() ? tr("(no message from the customer)")
                                                       : Sanitizer::singleLine(past.preview, 140);
        auto *item
            = new QListWidgetItem(tr("%1 — %n message(s)", nullptr, past.messages).arg(started)
                    + QLatin1Char('\n') + preview,
                m_past);
        item->setData(Qt::UserRole, past.id);
        item->setToolTip(tr("Started %1; %2").arg(started, past.status));
    }
    m_pastNone->setVisible(conversations.isEmpty());
    m_past->setVisible(!conversations.isEmpty());
    m_pastNone->setText(
        reason.isEmpty() ? tr("None: this is the customer's first conversation.") : reason);
}

void CustomerPanel::showUsage(const QJsonObject &usage)
{
    if (usage.isEmpty()) {
        m_usage->setText(tr("None recorded"));
        return;
    }
    const auto number
        = [&usage](const char *name) { return usage.value(QLatin1String(name)).toInteger(); };
    m_usage->setText(tr("Sessions %1, messages %2, AI replies %3")
                         .arg(number("sessions"))
                         .arg(number("messagesSent"))
                         .arg(number("assistantReplies"))
        + QLatin1Char('\n')
        + tr("%1; %2", "two parts of the usage: rate-limited, then AI tokens")
              .arg(tr("Rate-limited %n time(s)", nullptr, static_cast<int>(number("rateLimited"))),
                  tr("AI tokens %1 in, %2 out").arg(number("tokensIn")).arg(number("tokensOut"))));
}

} // namespace frontline::ui
