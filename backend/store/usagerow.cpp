// SPDX-License-Identifier: GPL-3.0-or-later
#include "usagerow.h"

namespace frontline::sql {

void bindUsage(QSqlQuery &q, const UsageCharge &c, const QDateTime &now)
{
    bind(q, "user_key", c.userKey);
    bind(q, "sessions", c.delta.sessions);
    bind(q, "messages_sent", c.delta.messagesSent);
    bind(q, "assistant_replies", c.delta.assistantReplies);
    bind(q, "rate_limited", c.delta.rateLimited);
    bind(q, "tokens_in", c.delta.tokensIn);
    bind(q, "tokens_out", c.delta.tokensOut);
    bind(q, "last_active_at", timeValue(now));
}

UsageStats readUsage(const Row &q)
{
    UsageStats u;
    u.userKey = q.text("user_key");
    u.sessions = q.value("sessions").toLongLong();
    u.messagesSent = q.value("messages_sent").toLongLong();
    u.assistantReplies = q.value("assistant_replies").toLongLong();
    u.rateLimited = q.value("rate_limited").toLongLong();
    u.tokensIn = q.value("tokens_in").toLongLong();
    u.tokensOut = q.value("tokens_out").toLongLong();
    u.lastActiveAt = timeFrom(q.value("last_active_at"));
    return u;
}

} // namespace frontline::sql
