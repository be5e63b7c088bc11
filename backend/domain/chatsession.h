// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sessionstatus.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace frontline {

// A customer's conversation (the original app's ChatSession).
struct ChatSession
{
    QString id;
    QString userId; // verified user id from the host site; empty when anonymous
    SessionStatus status = SessionStatus::Active;
    QString assignedAgent; // agent username while one owns the session
    QString customerName;
    QString customerEmail;
    QString locale; // "fr", "en", ...
    QString clientIp;
    QString userAgent;
    QString tokenHash; // hex SHA-256 of the session token; the token itself is never stored
    qint64 lastSeq = 0; // sequence number of the newest message
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime lastMessageAt; // null until the first message
    QDateTime waitingSince; // while WAITING: since when (kept through repeated requests)
    WaitingReason waitingReason = WaitingReason::None; // while WAITING: why
    // While WAITING: nobody could answer when it started to wait (every hand-off says so anew);
    // cleared when an agent takes it or it closes.
    Unattended unattended = Unattended::None;
    QDateTime consentedAt; // when the customer ticked the pre-chat form's consent; null if never
    // The newest message the customer's chat page has shown, as it said (POST /api/chat/seen):
    // only grows; 0 before any.
    qint64 customerSeenSeq = 0;
    QStringList labels; // the names of its labels, in the order of their names (agents only)

    friend bool operator==(const ChatSession &, const ChatSession &) = default;
};

// Whether the assistant answers the customer's messages: while no human was asked for, and
// also while the session waits for one that nobody can be now (outside hours, nobody online:
// issue 20), until an agent takes it. With a human there, it stays silent.
inline bool assistantAnswers(SessionStatus status, Unattended unattended)
{
    return status == SessionStatus::Active
        || (status == SessionStatus::Waiting && unattended != Unattended::None);
}

inline bool assistantAnswers(const ChatSession &session)
{
    return assistantAnswers(session.status, session.unattended);
}

} // namespace frontline
