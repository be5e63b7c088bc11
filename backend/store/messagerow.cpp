// SPDX-License-Identifier: GPL-3.0-or-later
#include "messagerow.h"

#include "attachmentrow.h"

namespace frontline::sql {

void bindMessage(QSqlQuery &q, const ChatMessage &m)
{
    bind(q, "id", m.id);
    bind(q, "session_id", m.sessionId);
    bind(q, "seq", m.seq);
    bind(q, "role", roleName(m.role));
    // A file sent alone has no words: an empty text, never NULL.
    bind(q, "content", m.content.isNull() ? QStringLiteral("") : m.content);
    bind(q, "sanitized", m.sanitized);
    bind(q, "client_message_id", textOrNull(m.clientMessageId));
    bind(q, "agent_name", textOrNull(m.agentName));
    bind(q, "created_at", timeValue(m.createdAt));
    bind(q, "attachments", attachmentsValue(m.attachments));
}

ChatMessage readMessage(const Row &q)
{
    ChatMessage m;
    m.id = q.text("id");
    m.sessionId = q.text("session_id");
    m.seq = q.value("seq").toLongLong();
    m.role = roleFromName(q.text("role")).value_or(Role::System);
    m.content = q.text("content");
    m.sanitized = q.value("sanitized").toBool();
    m.clientMessageId = q.text("client_message_id");
    m.agentName = q.text("agent_name");
    m.createdAt = timeFrom(q.value("created_at"));
    // The append functions' rows do not have it: what they stored is the caller's.
    if (q.has("attachments"))
        m.attachments = attachmentsFrom(q.value("attachments"), m.sessionId);
    return m;
}

} // namespace frontline::sql
