// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/usagestats.h"
#include "sqlrow.h"
#include "store.h"

namespace frontline::sql {

// The columns of user_usage_stats: a charge adds its counters to a user's row, last active `now`.
void bindUsage(QSqlQuery &query, const UsageCharge &charge, const QDateTime &now);
UsageStats readUsage(const Row &row);

} // namespace frontline::sql
