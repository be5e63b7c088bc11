// SPDX-License-Identifier: GPL-3.0-or-later
// Labels on conversations (migration 0019) and a customer's earlier conversations.
#include "auditrow.h"
#include "sessionrow.h"
#include "sqlstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace frontline {

using namespace sql;

namespace {

Label readLabel(const Row &row)
{
    return { row.value("id").toLongLong(), row.text("name"), row.text("colour"),
        timeFrom(row.value("created_at")) };
}

QString labelDetail(const Label &label)
{
    return QString::fromUtf8(QJsonDocument(
        QJsonObject { { QStringLiteral("name"), label.name },
            { QStringLiteral("colour"),
                label.colour } }).toJson(QJsonDocument::Compact));
}

} // namespace

QStringList SqlStore::sessionLabels(const QString &sessionId)
{
    QSqlQuery &query = prepared(QStringLiteral("select_session_labels"));
    bind(query, "session_id", sessionId);
    exec(query, QStringLiteral("select_session_labels"));
    return readAll<QString>(query, [](const Row &row) { return row.text("name"); });
}

QHash<QString, QStringList> SqlStore::labelsOfSessions(const QStringList &sessionIds)
{
    QHash<QString, QStringList> labels;
    if (sessionIds.isEmpty())
        return labels;
    QSqlQuery &query = prepared(QStringLiteral("select_labels_of_sessions"));
    bind(query, "session_ids",
        QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(sessionIds)).toJson(QJsonDocument::Compact)));
    exec(query, QStringLiteral("select_labels_of_sessions"));
    const auto rows = readAll<std::pair<QString, QString>>(query, [](const Row &row) {
        return std::pair { row.text("session_id"), row.text("name") };
    });
    for (const auto &[sessionId, name] : rows)
        labels[sessionId].append(name);
    return labels;
}

ChatSession SqlStore::withLabels(ChatSession session)
{
    session.labels = sessionLabels(session.id);
    return session;
}

QList<ChatSession> SqlStore::sessionsOfLabel(qint64 labelId)
{
    QSqlQuery &query = prepared(QStringLiteral("select_sessions_of_label"));
    bind(query, "label_id", labelId);
    exec(query, QStringLiteral("select_sessions_of_label"));
    const QStringList ids
        = readAll<QString>(query, [](const Row &row) { return row.text("session_id"); });
    QList<ChatSession> sessions;
    for (const QString &id : ids) {
        QSqlQuery &read = prepared(QStringLiteral("select_session"));
        bind(read, "id", id);
        exec(read, QStringLiteral("select_session"));
        if (const auto session = readOne<ChatSession>(read, readSession))
            sessions.append(*session);
    }
    return sessions;
}

void SqlStore::audit(
    const QString &actor, const QString &action, const QString &target, const QString &detail)
{
    QSqlQuery &insert = prepared(QStringLiteral("insert_audit"));
    bindAudit(insert, { .actor = actor, .action = action, .target = target, .detail = detail },
        m_clock->now());
    exec(insert, QStringLiteral("insert_audit"));
    insert.finish();
}

QList<Label> SqlStore::labels()
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_labels"));
    exec(query, QStringLiteral("select_labels"));
    return readAll<Label>(query, readLabel);
}

std::optional<Label> SqlStore::label(qint64 id)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_label"));
    bind(query, "id", id);
    exec(query, QStringLiteral("select_label"));
    return readOne<Label>(query, readLabel);
}

Label SqlStore::addLabel(const QString &name, const QString &colour, const QString &actor)
{
    return inWriteTransaction([&] {
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC);
        QSqlQuery &insert = prepared(QStringLiteral("insert_label"));
        bind(insert, "name", name);
        bind(insert, "name_key", labelKey(name));
        bind(insert, "colour", colour.toLower());
        bind(insert, "created_at", timeValue(now));
        exec(insert, QStringLiteral("insert_label"));
        const Label added { readNumber(insert), name, colour.toLower(), now };
        audit(actor, QStringLiteral("label.add"), QString::number(added.id), labelDetail(added));
        publish(QStringLiteral("labels"), QString::number(added.id));
        return added;
    });
}

std::optional<LabelEdit> SqlStore::changeLabel(
    qint64 id, const LabelChange &change, const QString &actor)
{
    return inWriteTransaction([&]() -> std::optional<LabelEdit> {
        QSqlQuery &read = prepared(QStringLiteral("select_label"));
        bind(read, "id", id);
        exec(read, QStringLiteral("select_label"));
        std::optional<Label> label = readOne<Label>(read, readLabel);
        if (!label)
            return std::nullopt;
        const bool renamed = change.name && *change.name != label->name;
        label->name = change.name.value_or(label->name);
        label->colour = change.colour.value_or(label->colour).toLower();
        QSqlQuery &update = prepared(QStringLiteral("update_label"));
        bind(update, "name", label->name);
        bind(update, "name_key", labelKey(label->name));
        bind(update, "colour", label->colour);
        bind(update, "id", id);
        exec(update, QStringLiteral("update_label"));
        audit(actor, QStringLiteral("label.change"), QString::number(id), labelDetail(*label));
        publish(QStringLiteral("labels"), QString::number(id));
        LabelEdit edit { *label, {} };
        if (renamed) { // the sessions that carry it show its new name
            for (const ChatSession &session : sessionsOfLabel(id)) {
                edit.sessions.append(withLabels(session));
                publish(QStringLiteral("session"), session.id);
            }
        }
        return edit;
    });
}

std::optional<LabelEdit> SqlStore::removeLabel(qint64 id, const QString &actor)
{
    return inWriteTransaction([&]() -> std::optional<LabelEdit> {
        QSqlQuery &read = prepared(QStringLiteral("select_label"));
        bind(read, "id", id);
        exec(read, QStringLiteral("select_label"));
        const std::optional<Label> label = readOne<Label>(read, readLabel);
        if (!label)
            return std::nullopt;
        const QList<ChatSession> carrying = sessionsOfLabel(id);
        QSqlQuery &remove = prepared(QStringLiteral("delete_label"));
        bind(remove, "id", id);
        exec(remove, QStringLiteral("delete_label")); // and its session_labels rows
        audit(actor, QStringLiteral("label.remove"), QString::number(id), labelDetail(*label));
        publish(QStringLiteral("labels"), QString::number(id));
        LabelEdit edit { *label, {} };
        for (const ChatSession &session : carrying) {
            edit.sessions.append(withLabels(session));
            publish(QStringLiteral("session"), session.id);
        }
        return edit;
    });
}

std::optional<ChatSession> SqlStore::setSessionLabels(
    const QString &sessionId, const QList<qint64> &labelIds, const QString &actor)
{
    return inWriteTransaction([&]() -> std::optional<ChatSession> {
        QSqlQuery &read = prepared(QStringLiteral("select_session"));
        bind(read, "id", sessionId);
        exec(read, QStringLiteral("select_session"));
        const std::optional<ChatSession> session = readOne<ChatSession>(read, readSession);
        if (!session)
            return std::nullopt;
        QSqlQuery &clear = prepared(QStringLiteral("delete_session_labels"));
        bind(clear, "session_id", sessionId);
        exec(clear, QStringLiteral("delete_session_labels"));
        QList<qint64> added;
        for (const qint64 labelId : labelIds) {
            if (added.contains(labelId))
                continue;
            added.append(labelId);
            QSqlQuery &insert = prepared(QStringLiteral("insert_session_label"));
            bind(insert, "session_id", sessionId);
            bind(insert, "label_id", labelId);
            exec(insert, QStringLiteral("insert_session_label")); // Conflict: a label gone
        }
        ChatSession labelled = withLabels(*session);
        audit(actor, QStringLiteral("session.labels"), sessionId, labelled.labels.join(u','));
        publish(QStringLiteral("session"), sessionId);
        return labelled;
    });
}

PastConversations SqlStore::pastConversations(const ChatSession &session, int limit)
{
    PastConversations past;
    if (session.userId.isEmpty() && session.customerEmail.isEmpty())
        return past;
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_past_conversations"));
    bind(query, "id", session.id);
    bind(query, "created_at", timeValue(session.createdAt));
    bind(query, "user_id", textOrNull(session.userId));
    bind(query, "user_id_again", textOrNull(session.userId));
    bind(query, "user_id_once_more", textOrNull(session.userId));
    bind(query, "email", session.customerEmail);
    bind(query, "limit", limit);
    exec(query, QStringLiteral("select_past_conversations"));
    std::optional<Row> row;
    while (query.next()) {
        if (!row)
            row.emplace(query);
        PastConversation conversation;
        conversation.id = row->text("id");
        conversation.startedAt = timeFrom(row->value("created_at"));
        conversation.lastMessageAt = timeFrom(row->value("last_message_at"));
        conversation.status
            = sessionStatusFromName(row->text("status")).value_or(SessionStatus::Active);
        conversation.preview = row->text("preview").section(QLatin1Char('\n'), 0, 0).trimmed();
        if (conversation.preview.size() > 140)
            conversation.preview = conversation.preview.left(139) + QChar(0x2026);
        conversation.messages = row->value("messages").toLongLong();
        past.total = row->value("total").toLongLong();
        past.conversations.append(conversation);
    }
    query.finish();
    return past;
}

} // namespace frontline
