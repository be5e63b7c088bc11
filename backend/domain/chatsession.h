// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sessionstatus.h"

#include <QDateTime>
#include <QString>

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
    // The newest message the customer's chat page has shown, as it said (POST /api/chat/seen):
    // only grows; 0 before any.
    qint64 customerSeenSeq = 0;

    friend bool operator==(const ChatSession &, const ChatSession &) = default;
};

} // namespace frontline
