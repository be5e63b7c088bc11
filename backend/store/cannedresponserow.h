// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/cannedresponse.h"
#include "sqlrow.h"

namespace frontline::sql {

// The columns of canned_responses but its id, bound and read the same way by every query and
// both dialects.
void bindCannedResponse(QSqlQuery &query, const CannedResponse &response);
CannedResponse readCannedResponse(const Row &row);

} // namespace frontline::sql
