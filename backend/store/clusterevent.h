// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace frontline {

// A change one node made, for the others: what changed, not the new state, which they read
// from the database themselves.
struct ClusterEvent
{
    QString node; // the node that made it
    // "message", "session", "rate-limit-hit", "setting", "agent", "presence", "seen", "typing"
    // or "labels" or "canned" or "mail" or "knowledge" or "unanswered"
    QString kind;
    // the session id, the hit's id, the setting's key, the username, the label's or the canned
    // response's or the knowledge article's or the unanswered question's id (recorded or
    // dismissed)
    QString subject;
    // the message's seq; for "seen", the seq the customer has seen; for "mail", the row's id
    // (its subject is the session id)
    qint64 number = 0;
    QString actor; // for "typing": the agent typing, empty for the customer
};

// The events of every transaction that finished below `watermark`, from the one given.
struct ClusterEventBatch
{
    qint64 watermark = 0;
    QList<ClusterEvent> events;
};

} // namespace frontline
