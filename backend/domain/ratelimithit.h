// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace frontline {

// One request refused by the rate limiter, kept so agents can see who is limited and why.
struct RateLimitHit
{
    qint64 id = 0;
    QDateTime at;
    QString route;     // "message", "history", "create-session", ...
    QString keyKind;   // "ip", "user" or "session"
    QString key;
    QString clientIp;
    QString sessionId; // empty when the request had no session

    friend bool operator==(const RateLimitHit &, const RateLimitHit &) = default;
};

struct RateLimitHitFilter
{
    QDateTime from;    // inclusive; null = no lower bound
    QDateTime to;      // exclusive; null = no upper bound
    QString route;     // empty = any
    QString key;       // empty = any
    int limit = 100;
    int offset = 0;
};

} // namespace frontline
