// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/agent.h"
#include "sqlrow.h"

namespace frontline::sql {

// The columns of agents, bound and read the same way by every query and both dialects.
void bindAgent(QSqlQuery &query, const Agent &agent);
Agent readAgent(const Row &row);

} // namespace frontline::sql
