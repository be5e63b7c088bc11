// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace frontline {

// Where a conversation stands. ACTIVE: the assistant answers; WAITING: the customer (or a
// failing assistant) asked for a human; ASSIGNED: an agent owns it and the assistant is
// silent; CLOSED: no more messages.
enum class SessionStatus { Active, Waiting, Assigned, Closed };

// Why a session waits for a human: the agent's queue tells it.
enum class WaitingReason {
    None, // not waiting, or waiting since before reasons were kept
    CustomerAsked, // the customer asked for a human
    AssistantLimit, // the assistant's limits for this customer were reached
    AssistantUnavailable, // the AI provider failed
    Unanswered, // auto-assigned, the agent did not answer in time: back for the next one
    Transferred, // an agent or an administrator gave it back to the queue
};

// Why nobody could answer when the session last started to wait (issue 20): the customer is
// told so, and the assistant goes on helping until an agent takes the conversation.
enum class Unattended {
    None, // a human was there (or the session is not waiting)
    OutsideHours, // outside the business hours
    NobodyOnline, // within them, but no agent was online
};

QString sessionStatusName(SessionStatus status);
// "customer-asked", "assistant-limit", "assistant-unavailable", "unanswered", "transferred";
// "" for None.
QString waitingReasonName(WaitingReason reason);
WaitingReason waitingReasonFromName(const QString &name); // None when unknown
std::optional<SessionStatus> sessionStatusFromName(const QString &name);
// "outside_hours", "nobody_online"; "" for None (stored as NULL).
QString unattendedName(Unattended unattended);
Unattended unattendedFromName(const QString &name); // None when unknown

} // namespace frontline
