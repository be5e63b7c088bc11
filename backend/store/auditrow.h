// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/auditentry.h"
#include "sqlrow.h"

namespace frontline::sql {

// The columns of audit_log; an entry without a time is stamped `at`.
void bindAudit(QSqlQuery &query, const AuditEntry &entry, const QDateTime &at);
AuditEntry readAudit(const Row &row);

} // namespace frontline::sql
