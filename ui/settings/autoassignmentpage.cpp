// SPDX-License-Identifier: GPL-3.0-or-later
#include "autoassignmentpage.h"

#include "domain/autoassignment.h"
#include "settingsnote.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>

namespace frontline::ui {

AutoAssignmentPage::AutoAssignmentPage(QWidget *parent)
    : QWidget(parent)
    , m_enabled(new QCheckBox(tr("Give waiting conversations to available agents"), this))
    , m_capacity(new QSpinBox(this))
    , m_capacities(new QLineEdit(this))
    , m_answerMinutes(new QSpinBox(this))
    , m_note(settingsNote(QString(), this))
{
    m_enabled->setObjectName(QStringLiteral("autoAssignEnabled"));
    m_capacity->setObjectName(QStringLiteral("autoAssignCapacity"));
    m_capacity->setRange(1, AutoAssignmentPolicy::MaxCapacity);
    m_capacity->setSuffix(tr(" conversations"));
    m_capacities->setObjectName(QStringLiteral("autoAssignCapacities"));
    m_capacities->setPlaceholderText(tr("e.g. marie=5, paul=0"));
    m_answerMinutes->setObjectName(QStringLiteral("autoAssignAnswerMinutes"));
    m_answerMinutes->setRange(0, AutoAssignmentPolicy::MaxAnswerMinutes);
    m_answerMinutes->setSuffix(tr(" min"));
    m_answerMinutes->setSpecialValueText(tr("Never"));

    auto *form = new QFormLayout(this);
    auto *about = settingsNote(QString(), this);
    about->setText(tr("A conversation that starts waiting goes to an agent who is online (a "
                      "console connected, not away) and has room, the least busy first. If "
                      "they do not answer in time, it goes back to the queue and to the next "
                      "agent. Agents can still take any conversation themselves."));
    form->addRow(about);
    form->addRow(QString(), m_enabled);
    form->addRow(tr("Each agent has at most"), m_capacity);
    form->addRow(tr("Other limits per agent"), m_capacities);
    auto *perAgent = settingsNote(QString(), this);
    perAgent->setText(tr("Username=number, separated by commas; 0 means the agent is never "
                         "given conversations automatically."));
    form->addRow(QString(), perAgent);
    form->addRow(tr("Back to the queue if not answered within"), m_answerMinutes);
    form->addRow(m_note);
    setPolicy({}, false, false);
}

void AutoAssignmentPage::setPolicy(const QJsonObject &policy, bool connected, bool admin)
{
    m_editable = connected && admin;
    const AutoAssignmentPolicy defaults;
    m_loaded = connected ? policy : QJsonObject();
    m_enabled->setChecked(policy.value(QStringLiteral("enabled")).toBool(defaults.enabled));
    m_capacity->setValue(policy.value(QStringLiteral("capacity")).toInt(defaults.capacity));
    m_capacities->setText(capacitiesText(policy.value(QStringLiteral("capacities")).toObject()));
    m_answerMinutes->setValue(
        policy.value(QStringLiteral("answerMinutes")).toInt(defaults.answerMinutes));
    for (QWidget *field :
        std::initializer_list<QWidget *> { m_enabled, m_capacity, m_capacities, m_answerMinutes })
        field->setEnabled(m_editable);
    m_note->setText(!connected ? tr("Connect to a server to see or change it.")
            : !admin           ? tr("Only an administrator can change it.")
                               : QString());
    m_note->setVisible(!m_note->text().isEmpty());
}

QString AutoAssignmentPage::capacitiesText(const QJsonObject &capacities)
{
    QStringList items;
    for (auto it = capacities.constBegin(); it != capacities.constEnd(); ++it)
        items.append(QStringLiteral("%1=%2").arg(it.key()).arg(it.value().toInt()));
    return items.join(QStringLiteral(", "));
}

std::optional<QJsonObject> AutoAssignmentPage::capacities(QString *problem) const
{
    static const QRegularExpression item(QStringLiteral(R"(^\s*([^\s=,]+)\s*=\s*(\d+)\s*$)"));
    QJsonObject result;
    const QStringList items = m_capacities->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &text : items) {
        const QRegularExpressionMatch match = item.match(text);
        const int number = match.hasMatch() ? match.captured(2).toInt() : -1;
        if (number < 0 || number > AutoAssignmentPolicy::MaxCapacity) {
            *problem = tr("The limits per agent are written username=number (0 to %1), "
                          "separated by commas: “%2” is not.")
                           .arg(AutoAssignmentPolicy::MaxCapacity)
                           .arg(text.trimmed());
            return std::nullopt;
        }
        result.insert(match.captured(1), number);
    }
    return result;
}

QJsonObject AutoAssignmentPage::edited(QString *problem) const
{
    QJsonObject policy { { QStringLiteral("enabled"), m_enabled->isChecked() },
        { QStringLiteral("capacity"), m_capacity->value() },
        { QStringLiteral("answerMinutes"), m_answerMinutes->value() } };
    if (const auto perAgent = capacities(problem))
        policy.insert(QStringLiteral("capacities"), *perAgent);
    return policy;
}

QString AutoAssignmentPage::problem() const
{
    if (!m_editable)
        return {};
    QString problem;
    edited(&problem);
    return problem;
}

std::optional<QJsonObject> AutoAssignmentPage::change() const
{
    if (!m_editable)
        return std::nullopt;
    QString problem;
    const QJsonObject policy = edited(&problem);
    if (!problem.isEmpty())
        return std::nullopt;
    // Compared as the server writes it, so that an untouched tab sends nothing.
    for (auto it = policy.constBegin(); it != policy.constEnd(); ++it) {
        if (m_loaded.value(it.key()) != it.value())
            return policy;
    }
    return std::nullopt;
}

} // namespace frontline::ui
