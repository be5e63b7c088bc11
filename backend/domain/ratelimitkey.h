// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline {

// Whom a rate limit counts: a client address (kind "ip"), a user the host site vouched for
// ("user") or an anonymous session ("session"). A RateLimitHit names the key that refused a
// request by these kinds, and an agent lifts a block by them (POST /api/agent/rate-limits/lift).
struct RateLimitKey
{
    QString kind;
    QString value;

    static RateLimitKey address(const QString &clientIp);
    // A verified user is limited as one, whatever their sessions; anyone else per session.
    static RateLimitKey customer(const QString &sessionId, const QString &userId);
    // Whether `kind` is one of the kinds above.
    static bool isKind(const QString &kind);

    // "kind:value": the key alone, whatever the route, so that a block can be lifted on all.
    QString name() const;
    // The session this key counts, when it is a session's key; else empty.
    QString sessionId() const;

    friend bool operator==(const RateLimitKey &, const RateLimitKey &) = default;
};

} // namespace frontline
