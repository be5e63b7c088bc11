// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ratelimithit.h"
#include "sqlrow.h"

namespace frontline::sql {

// The columns of rate_limit_hits: a hit adds its count to the row of its key, route and
// second `at`.
void bindRateLimitHit(QSqlQuery &query, const RateLimitHit &hit, const QDateTime &at);
RateLimitHit readRateLimitHit(const Row &row);

} // namespace frontline::sql
