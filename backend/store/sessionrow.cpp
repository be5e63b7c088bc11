// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionrow.h"

namespace frontline::sql {

void bindSession(QSqlQuery &q, const ChatSession &s)
{
    bind(q, "id", s.id);
    bind(q, "user_id", textOrNull(s.userId));
    bind(q, "status", sessionStatusName(s.status));
    bind(q, "assigned_agent", textOrNull(s.assignedAgent));
    bind(q, "customer_name", textOrNull(s.customerName));
    bind(q, "customer_email", textOrNull(s.customerEmail));
    bind(q, "locale", s.locale);
    bind(q, "client_ip", textOrNull(s.clientIp));
    bind(q, "user_agent", textOrNull(s.userAgent));
    bind(q, "token_hash", s.tokenHash);
    bind(q, "last_seq", s.lastSeq);
    bind(q, "created_at", timeValue(s.createdAt));
    bind(q, "updated_at", timeValue(s.updatedAt));
    bind(q, "last_message_at", timeValue(s.lastMessageAt));
    bind(q, "consented_at", timeValue(s.consentedAt));
}

ChatSession readSession(const Row &q)
{
    ChatSession s;
    s.id = q.text("id");
    s.userId = q.text("user_id");
    s.status = sessionStatusFromName(q.text("status")).value_or(SessionStatus::Active);
    s.assignedAgent = q.text("assigned_agent");
    s.customerName = q.text("customer_name");
    s.customerEmail = q.text("customer_email");
    s.locale = q.text("locale");
    s.clientIp = q.text("client_ip");
    s.userAgent = q.text("user_agent");
    s.tokenHash = q.text("token_hash");
    s.lastSeq = q.value("last_seq").toLongLong();
    s.createdAt = timeFrom(q.value("created_at"));
    s.updatedAt = timeFrom(q.value("updated_at"));
    s.lastMessageAt = timeFrom(q.value("last_message_at"));
    s.waitingSince = timeFrom(q.value("waiting_since"));
    s.waitingReason = waitingReasonFromName(q.text("waiting_reason"));
    s.customerSeenSeq = q.value("customer_seen_seq").toLongLong();
    s.unattended = unattendedFromName(q.text("waiting_unattended"));
    s.consentedAt = timeFrom(q.value("consented_at"));
    return s;
}

} // namespace frontline::sql
