// SPDX-License-Identifier: GPL-3.0-or-later
#include "ratelimithitrow.h"

#include <algorithm>

namespace frontline::sql {

void bindRateLimitHit(QSqlQuery &q, const RateLimitHit &hit, const QDateTime &at)
{
    bind(q, "at", timeValue(at));
    bind(q, "at_second", at.toMSecsSinceEpoch() / 1000);
    bind(q, "route", hit.route);
    bind(q, "key_kind", hit.keyKind);
    bind(q, "key", hit.key);
    bind(q, "client_ip", textOrNull(hit.clientIp));
    bind(q, "session_id", textOrNull(hit.sessionId));
    bind(q, "hit_count", std::max<qint64>(1, hit.count));
}

RateLimitHit readRateLimitHit(const Row &q)
{
    RateLimitHit h;
    h.id = q.value("id").toLongLong();
    h.at = timeFrom(q.value("at"));
    h.route = q.text("route");
    h.keyKind = q.text("key_kind");
    h.key = q.text("key");
    h.clientIp = q.text("client_ip");
    h.sessionId = q.text("session_id");
    h.count = q.value("hit_count").toLongLong();
    return h;
}

} // namespace frontline::sql
