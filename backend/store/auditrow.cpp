// SPDX-License-Identifier: GPL-3.0-or-later
#include "auditrow.h"

namespace frontline::sql {

void bindAudit(QSqlQuery &q, const AuditEntry &e, const QDateTime &at)
{
    bind(q, "at", timeValue(e.at.isValid() ? e.at : at));
    bind(q, "actor", e.actor);
    bind(q, "action", e.action);
    bind(q, "target", textOrNull(e.target));
    bind(q, "detail", textOrNull(e.detail));
}

AuditEntry readAudit(const Row &q)
{
    AuditEntry e;
    e.id = q.value("id").toLongLong();
    e.at = timeFrom(q.value("at"));
    e.actor = q.text("actor");
    e.action = q.text("action");
    e.target = q.text("target");
    e.detail = q.text("detail");
    return e;
}

} // namespace frontline::sql
