// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace frontline {

// Requests refused by the rate limiter, kept so agents can see who is limited and why: one
// row per key, route and second, counting the refusals of that second.
struct RateLimitHit
{
    qint64 id = 0;
    QDateTime at; // the first refusal of the row
    QString route; // "message", "history", "create-session", ...
    QString keyKind; // "ip", "user" or "session"
    QString key;
    QString clientIp;
    QString sessionId; // empty when the request had no session (the last one refused)
    qint64 count = 1; // requests refused in this second

    friend bool operator==(const RateLimitHit &, const RateLimitHit &) = default;
};

struct RateLimitHitFilter
{
    QDateTime from; // inclusive; null = no lower bound
    QDateTime to; // exclusive; null = no upper bound
    QString route; // empty = any
    QString key; // empty = any
    int limit = 100;
    int offset = 0;
};

} // namespace frontline
