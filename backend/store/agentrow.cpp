// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentrow.h"

namespace frontline::sql {

void bindAgent(QSqlQuery &q, const Agent &a)
{
    bind(q, "username", a.username);
    bind(q, "display_name", a.displayName);
    bind(q, "role", roleName(a.role));
    bind(q, "password_hash", textOrNull(a.passwordHash));
    bind(q, "token_hash", textOrNull(a.tokenHash));
    bind(q, "created_at", timeValue(a.createdAt));
}

Agent readAgent(const Row &q)
{
    Agent a;
    a.id = q.value("id").toLongLong();
    a.username = q.text("username");
    a.displayName = q.text("display_name");
    a.role = agentRoleFromName(q.text("role")).value_or(AgentRole::Agent);
    a.passwordHash = q.text("password_hash");
    a.tokenHash = q.text("token_hash");
    a.createdAt = timeFrom(q.value("created_at"));
    return a;
}

} // namespace frontline::sql
