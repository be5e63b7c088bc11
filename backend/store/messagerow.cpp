// SPDX-License-Identifier: GPL-3.0-or-later
#include "messagerow.h"

#include "attachmentrow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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
    bind(q, "sources", sourcesValue(m.sources));
}

QVariant sourcesValue(const QList<KnowledgeSource> &sources)
{
    if (sources.isEmpty())
        return textOrNull(QString());
    QJsonArray array;
    for (const KnowledgeSource &source : sources) {
        QJsonObject item { { QStringLiteral("title"), source.title } };
        if (!source.url.isEmpty())
            item.insert(QStringLiteral("url"), source.url);
        array.append(item);
    }
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<KnowledgeSource> sourcesFrom(const QVariant &value)
{
    QList<KnowledgeSource> sources;
    if (value.isNull())
        return sources;
    const QJsonArray array = QJsonDocument::fromJson(value.toString().toUtf8()).array();
    for (const QJsonValue &item : array) {
        const QJsonObject o = item.toObject();
        sources.append({ o.value(QStringLiteral("title")).toString(),
            o.value(QStringLiteral("url")).toString() });
    }
    return sources;
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
    if (q.has("sources"))
        m.sources = sourcesFrom(q.value("sources"));
    return m;
}

} // namespace frontline::sql
