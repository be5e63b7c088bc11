// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace frontline {

// How conversations that start waiting are handed to agents without anyone claiming them
// (off by default). Stored as the compact JSON of toJson().
struct AutoAssignmentPolicy
{
    static constexpr int MaxCapacity = 100;
    static constexpr int MaxAnswerMinutes = 24 * 60;

    bool enabled = false;
    int capacity = 3; // conversations an agent has at most at once, unless in `capacities`
    QMap<QString, int> capacities; // username → that agent's own capacity
    // An agent who has not answered within this long gives the conversation back to the queue,
    // which offers it to the next agent; 0: never taken back.
    int answerMinutes = 3;

    int capacityOf(const QString &username) const { return capacities.value(username, capacity); }

    // {"enabled","capacity","capacities":{username: n},"answerMinutes"}
    QJsonObject toJson() const;
    QString toString() const; // compact JSON, as stored
    // `change` on top of `base`: the fields it has replace those of `base` ("capacities"
    // as a whole). Nullopt for a wrong field, with in `field` its path ("autoAssignment.capacity")
    // and in `problem` what a good value looks like (a phrase that follows the field's name).
    static std::optional<AutoAssignmentPolicy> parse(const QJsonObject &change,
        const AutoAssignmentPolicy &base, QString *field, QString *problem);
    // The stored text; nullopt when it is not a policy this version reads.
    static std::optional<AutoAssignmentPolicy> fromString(const QString &text);

    friend bool operator==(const AutoAssignmentPolicy &, const AutoAssignmentPolicy &) = default;
};

// An agent who may be given conversations now, with how many they have open.
struct AssignableAgent
{
    QString username;
    int open = 0;
    int capacity = 0;
};

// A conversation in the queue, with the agents who already let it go unanswered.
struct QueuedConversation
{
    QString sessionId;
    QStringList passedBy;
};

struct PlannedAssignment
{
    QString sessionId;
    QString username;
    friend bool operator==(const PlannedAssignment &, const PlannedAssignment &) = default;
};

// Who gets which conversation: the queue in its order (longest waiting first), each to the
// least loaded agent under capacity who has not let it go unanswered; ties go by username,
// so that every node plans the same. A conversation no one can take stays in the queue.
QList<PlannedAssignment> planAssignments(
    const QList<QueuedConversation> &queue, QList<AssignableAgent> agents);

} // namespace frontline
