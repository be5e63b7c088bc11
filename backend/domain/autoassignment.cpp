// SPDX-License-Identifier: GPL-3.0-or-later
#include "autoassignment.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <algorithm>

namespace frontline {

namespace {

const QString Enabled = QStringLiteral("enabled");
const QString Capacity = QStringLiteral("capacity");
const QString Capacities = QStringLiteral("capacities");
const QString AnswerMinutes = QStringLiteral("answerMinutes");

QString capacityProblem()
{
    return QCoreApplication::translate(
        "AutoAssignment", "must be a whole number of conversations from 1 to %1.")
        .arg(AutoAssignmentPolicy::MaxCapacity);
}

// A whole number in [low, high] (a JSON number without a fraction), or nullopt.
std::optional<int> wholeNumber(const QJsonValue &value, int low, int high)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (number != static_cast<double>(static_cast<qint64>(number)) || number < low || number > high)
        return std::nullopt;
    return static_cast<int>(number);
}

} // namespace

QJsonObject AutoAssignmentPolicy::toJson() const
{
    QJsonObject perAgent;
    for (auto it = capacities.constBegin(); it != capacities.constEnd(); ++it)
        perAgent.insert(it.key(), it.value());
    return { { Enabled, enabled }, { Capacity, capacity }, { Capacities, perAgent },
        { AnswerMinutes, answerMinutes } };
}

QString AutoAssignmentPolicy::toString() const
{
    return QString::fromUtf8(QJsonDocument(toJson()).toJson(QJsonDocument::Compact));
}

std::optional<AutoAssignmentPolicy> AutoAssignmentPolicy::parse(
    const QJsonObject &change, const AutoAssignmentPolicy &base, QString *field, QString *problem)
{
    const auto refuse = [&](const QString &name, const QString &text) {
        *field = QStringLiteral("autoAssignment.") + name;
        *problem = text;
        return std::nullopt;
    };
    AutoAssignmentPolicy policy = base;
    for (auto it = change.constBegin(); it != change.constEnd(); ++it) {
        const QString &name = it.key();
        const QJsonValue &value = it.value();
        if (name == Enabled) {
            if (!value.isBool())
                return refuse(
                    name, QCoreApplication::translate("AutoAssignment", "must be true or false."));
            policy.enabled = value.toBool();
        } else if (name == Capacity) {
            const auto number = wholeNumber(value, 1, MaxCapacity);
            if (!number)
                return refuse(name, capacityProblem());
            policy.capacity = *number;
        } else if (name == AnswerMinutes) {
            const auto number = wholeNumber(value, 0, MaxAnswerMinutes);
            if (!number)
                return refuse(name,
                    QCoreApplication::translate("AutoAssignment",
                        "must be a whole number of minutes from 0 (never taken back) to %1.")
                        .arg(MaxAnswerMinutes));
            policy.answerMinutes = *number;
        } else if (name == Capacities) {
            if (!value.isObject())
                return refuse(name,
                    QCoreApplication::translate("AutoAssignment",
                        "must be an object of usernames and their capacities, such as "
                        "{\"marie\": 5}."));
            policy.capacities.clear();
            const QJsonObject perAgent = value.toObject();
            for (auto agent = perAgent.constBegin(); agent != perAgent.constEnd(); ++agent) {
                const auto number = wholeNumber(agent.value(), 0, MaxCapacity);
                if (agent.key().isEmpty() || !number)
                    return refuse(name + QLatin1Char('.') + agent.key(),
                        QCoreApplication::translate("AutoAssignment",
                            "must be a whole number of conversations from 0 (never assigned) "
                            "to %1.")
                            .arg(MaxCapacity));
                policy.capacities.insert(agent.key(), *number);
            }
        } else {
            return refuse(name,
                QCoreApplication::translate("AutoAssignment",
                    "is not part of auto-assignment; use enabled, capacity, capacities or "
                    "answerMinutes."));
        }
    }
    return policy;
}

std::optional<AutoAssignmentPolicy> AutoAssignmentPolicy::fromString(const QString &text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (!document.isObject())
        return std::nullopt;
    QString field;
    QString problem;
    return parse(document.object(), AutoAssignmentPolicy(), &field, &problem);
}

QList<PlannedAssignment> planAssignments(
    const QList<QueuedConversation> &queue, QList<AssignableAgent> agents)
{
    std::sort(agents.begin(), agents.end(),
        [](const AssignableAgent &a, const AssignableAgent &b) { return a.username < b.username; });
    QList<PlannedAssignment> plan;
    for (const QueuedConversation &conversation : queue) {
        AssignableAgent *chosen = nullptr;
        for (AssignableAgent &agent : agents) {
            if (agent.open >= agent.capacity || conversation.passedBy.contains(agent.username))
                continue;
            if (!chosen || agent.open < chosen->open)
                chosen = &agent;
        }
        if (!chosen)
            continue;
        ++chosen->open;
        plan.append({ conversation.sessionId, chosen->username });
    }
    return plan;
}

} // namespace frontline
