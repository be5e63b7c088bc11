// SPDX-License-Identifier: GPL-3.0-or-later
// Appending a message inside the transaction that is open (one of a group commit, or its own):
// on PostgreSQL one statement, the function frontline_append_message of migration 0009; on
// SQLite, where a statement costs no round trip, the same steps one statement each.
#include "attachmentrow.h"
#include "messagerow.h"
#include "sessionrow.h"
#include "sqlrow.h"
#include "sqlstore.h"
#include "storeerror.h"
#include "usagerow.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QUuid>

namespace frontline {

using namespace sql;

namespace {

bool startsWithByteOrderMark(const QString &text)
{
    return text.startsWith(QChar(0xFEFF)) || text.startsWith(QChar(0xFFFE));
}

StoreError noSuchSession(const QString &sessionId)
{
    return StoreError(StoreError::Kind::NotFound,
        QCoreApplication::translate("SqlStore", "No chat session has the id \"%1\".")
            .arg(sessionId));
}

StoreError noLongerAssigned(const NewMessage &message)
{
    return StoreError(StoreError::Kind::Changed,
        QCoreApplication::translate("SqlStore", "The session \"%1\" is no longer assigned to %2.")
            .arg(message.sessionId, message.requiredOwner));
}

ChatMessage newMessage(const NewMessage &message, qint64 nowMs)
{
    ChatMessage stored;
    stored.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    stored.sessionId = message.sessionId;
    stored.role = message.role;
    stored.content = message.content;
    stored.sanitized = message.sanitized;
    stored.clientMessageId = message.clientMessageId;
    stored.agentName = message.agentName;
    stored.attachments = message.attachments;
    stored.sources = message.sources;
    stored.createdAt = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    return stored;
}

// The UTC day of a time, as user_daily_tokens keys it.
QString dayOf(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).date().toString(Qt::ISODate);
}

} // namespace

QList<KnowledgeSource> SqlStore::storedSourcesOf(const ChatMessage &message)
{
    if (message.clientMessageId.isEmpty())
        return {};
    QSqlQuery &stored = prepared(QStringLiteral("select_message_by_client_id"));
    bind(stored, "session_id", message.sessionId);
    bind(stored, "client_message_id", message.clientMessageId);
    exec(stored, QStringLiteral("select_message_by_client_id"));
    const auto found = readOne<ChatMessage>(stored, readMessage);
    return found ? found->sources : QList<KnowledgeSource> {};
}

QList<Attachment> SqlStore::storedAttachmentsOf(const ChatMessage &message)
{
    if (message.clientMessageId.isEmpty())
        return {};
    QSqlQuery &stored = prepared(QStringLiteral("select_message_by_client_id"));
    bind(stored, "session_id", message.sessionId);
    bind(stored, "client_message_id", message.clientMessageId);
    exec(stored, QStringLiteral("select_message_by_client_id"));
    const auto found = readOne<ChatMessage>(stored, readMessage);
    return found ? found->attachments : QList<Attachment> {};
}

AppendResult SqlStore::appendInTransaction(
    const NewMessage &message, const std::optional<UsageCharge> &charge)
{
    if (m_connection->dialect() == SqlDialect::Postgresql)
        return appendInOneStatement(message, charge);
    return appendStatementByStatement(message, charge);
}

// PostgreSQL: one round trip. The function never raises (a raise would abort the transaction,
// and with it the other appends of the group): refusals and failures come back as its outcome,
// with what it did undone, and are thrown here as the statements' own errors would have been.
AppendResult SqlStore::appendInOneStatement(
    const NewMessage &message, const std::optional<UsageCharge> &charge)
{
    const qint64 now = nowMs();
    const ChatMessage draft = newMessage(message, now);
    const QString name = QStringLiteral("append_message");
    QSqlQuery &append = prepared(name);
    bind(append, "session_id", message.sessionId);
    bind(append, "id", draft.id);
    bind(append, "role", roleName(message.role));
    bind(append, "content", message.content.isNull() ? QStringLiteral("") : message.content);
    bind(append, "sanitized", message.sanitized);
    bind(append, "client_message_id", textOrNull(message.clientMessageId));
    bind(append, "agent_name", textOrNull(message.agentName));
    bind(append, "required_owner", textOrNull(message.requiredOwner));
    bind(append, "now", now);
    bind(append, "day", dayOf(now));
    const UsageDelta delta = charge ? charge->delta : UsageDelta {};
    bind(append, "user_key", charge ? QVariant(charge->userKey) : textOrNull(QString()));
    bind(append, "sessions", delta.sessions);
    bind(append, "messages_sent", delta.messagesSent);
    bind(append, "assistant_replies", delta.assistantReplies);
    bind(append, "rate_limited", delta.rateLimited);
    bind(append, "tokens_in", delta.tokensIn);
    bind(append, "tokens_out", delta.tokensOut);
    bind(
        append, "also_daily_tokens_of", textOrNull(charge ? charge->alsoDailyTokensOf : QString()));
    bind(append, "cluster_node", textOrNull(m_clusterNode));
    exec(append, name);

    if (!append.next()) { // never: the function returns a row, always
        append.finish();
        throw StoreError(StoreError::Kind::Failed,
            QStringLiteral("The database answered nothing to %1: is migration 0009 intact?")
                .arg(name));
    }
    AppendResult result;
    try {
        result = appendedRow(append, message, name);
        append.finish();
    } catch (const StoreError &) {
        append.finish();
        throw;
    }
    if (!result.duplicate && !message.attachments.isEmpty()) {
        QSqlQuery &attach = prepared(QStringLiteral("set_message_attachments"));
        bind(attach, "attachments", attachmentsValue(message.attachments));
        bind(attach, "id", result.message.id);
        exec(attach, QStringLiteral("set_message_attachments"));
        result.message.attachments = message.attachments;
    } else if (result.duplicate && !message.attachments.isEmpty()) {
        result.message.attachments = storedAttachmentsOf(result.message);
    }
    if (!result.duplicate && !message.sources.isEmpty()) {
        QSqlQuery &sources = prepared(QStringLiteral("set_message_sources"));
        bind(sources, "sources", sourcesValue(message.sources));
        bind(sources, "id", result.message.id);
        exec(sources, QStringLiteral("set_message_sources"));
        result.message.sources = message.sources;
    } else if (result.duplicate && !message.sources.isEmpty()) {
        result.message.sources = storedSourcesOf(result.message);
    }
    return result;
}

AppendResult SqlStore::appendedRow(
    const QSqlQuery &query, const NewMessage &message, const QString &statement)
{
    const Row row(query);
    const QString outcome = row.text("outcome");
    if (outcome == QLatin1String("stored") || outcome == QLatin1String("duplicate")) {
        AppendResult result;
        result.message = readMessage(Row(query, QLatin1String("message_")));
        result.duplicate = outcome == QLatin1String("duplicate");
        result.sessionStatus
            = sessionStatusFromName(row.text("session_status")).value_or(SessionStatus::Active);
        result.assignedAgent = row.text("session_assigned_agent");
        result.assistantMessages = row.value("session_assistant_messages").toLongLong();
        result.dailyTokens = row.value("daily_tokens").toLongLong();
        result.alsoDailyTokens = row.value("also_daily_tokens").toLongLong();
        return result;
    }
    if (outcome == QLatin1String("not_found"))
        throw noSuchSession(message.sessionId);
    if (outcome == QLatin1String("changed"))
        throw noLongerAssigned(message);
    // Classified as the failed statement would have been (a conflict, a timeout...).
    m_connection->fail(QSqlError(QString(), row.text("error_message"), QSqlError::StatementError,
                           row.text("error_code")),
        statement);
}

QList<AppendOutcome> SqlStore::appendGroupInOneStatement(const QList<AppendRequest> &requests)
{
    // A statement must end within the database timeout: a group larger than a burst of
    // requests normally makes goes in several (each its own transaction).
    constexpr qsizetype MostPerStatement = 256;
    if (requests.size() > MostPerStatement) {
        QList<AppendOutcome> outcomes;
        for (qsizetype from = 0; from < requests.size(); from += MostPerStatement)
            outcomes.append(appendGroupInOneStatement(requests.mid(from, MostPerStatement)));
        return outcomes;
    }
    const qint64 now = nowMs();
    const QJsonValue null(QJsonValue::Null);
    const auto textOrJsonNull
        = [&](const QString &text) { return text.isEmpty() ? null : QJsonValue(text); };
    QJsonArray batch;
    for (const AppendRequest &request : requests) {
        const NewMessage &message = request.message;
        const UsageDelta delta = request.charge ? request.charge->delta : UsageDelta {};
        batch.append(QJsonObject {
            { QStringLiteral("session_id"), message.sessionId },
            { QStringLiteral("id"), newMessage(message, now).id },
            { QStringLiteral("role"), roleName(message.role) },
            { QStringLiteral("content"), message.content },
            { QStringLiteral("sanitized"), message.sanitized },
            { QStringLiteral("client_message_id"), textOrJsonNull(message.clientMessageId) },
            { QStringLiteral("agent_name"), textOrJsonNull(message.agentName) },
            { QStringLiteral("required_owner"), textOrJsonNull(message.requiredOwner) },
            { QStringLiteral("now"), now },
            { QStringLiteral("day"), dayOf(now) },
            { QStringLiteral("user_key"),
                request.charge ? QJsonValue(request.charge->userKey) : null },
            { QStringLiteral("sessions"), delta.sessions },
            { QStringLiteral("messages_sent"), delta.messagesSent },
            { QStringLiteral("assistant_replies"), delta.assistantReplies },
            { QStringLiteral("rate_limited"), delta.rateLimited },
            { QStringLiteral("tokens_in"), delta.tokensIn },
            { QStringLiteral("tokens_out"), delta.tokensOut },
            { QStringLiteral("also_daily_tokens_of"),
                textOrJsonNull(request.charge ? request.charge->alsoDailyTokensOf : QString()) },
        });
        // Only a message that has some carries the key: the function tests for it.
        if (!message.attachments.isEmpty()) {
            QJsonObject item = batch.last().toObject();
            item.insert(QStringLiteral("attachments"),
                QJsonDocument::fromJson(attachmentsValue(message.attachments).toString().toUtf8())
                    .array());
            batch.replace(batch.size() - 1, item);
        }
        if (!message.sources.isEmpty()) { // the same (migration 0022)
            QJsonObject item = batch.last().toObject();
            item.insert(QStringLiteral("sources"),
                QJsonDocument::fromJson(sourcesValue(message.sources).toString().toUtf8()).array());
            batch.replace(batch.size() - 1, item);
        }
    }

    QList<AppendOutcome> outcomes(requests.size());
    const QString name = QStringLiteral("append_messages");
    try {
        // Sent once: a statement whose answer was lost may have been committed.
        m_connection->pingIfIdle();
        QSqlQuery &append = prepared(name);
        bind(append, "batch",
            QString::fromUtf8(QJsonDocument(batch).toJson(QJsonDocument::Compact)));
        bind(append, "cluster_node", textOrNull(m_clusterNode));
        exec(append, name); // no transaction around it: the statement is the group's
        while (append.next()) {
            const qsizetype place = append.value(0).toLongLong() - 1;
            if (place < 0 || place >= requests.size())
                continue;
            try {
                outcomes[place].result = appendedRow(append, requests.at(place).message, name);
            } catch (const StoreError &error) {
                outcomes[place].error = error;
            }
        }
        append.finish();
    } catch (const StoreError &error) {
        m_connection->finishStatements();
        m_connection->noteWrite(&error);
        for (AppendOutcome &outcome : outcomes)
            outcome = { std::nullopt, error };
        return outcomes;
    }
    bool anyStored = false;
    for (qsizetype i = 0; i < outcomes.size(); ++i) {
        AppendOutcome &outcome = outcomes[i];
        if (outcome.result) {
            anyStored = true;
            // The function's rows leave the attachments out: a stored message has those it
            // was given, the retry of one with files those it was stored with (one read; a
            // retry without files, the common one, costs none).
            AppendResult &result = *outcome.result;
            if (!result.duplicate)
                result.message.sources = requests.at(i).message.sources;
            else if (!requests.at(i).message.sources.isEmpty())
                try {
                    result.message.sources = storedSourcesOf(result.message);
                } catch (const StoreError &) {
                    result.message.sources = requests.at(i).message.sources;
                }
            if (!result.duplicate)
                result.message.attachments = requests.at(i).message.attachments;
            else if (!requests.at(i).message.attachments.isEmpty())
                try {
                    result.message.attachments = storedAttachmentsOf(result.message);
                } catch (const StoreError &) { // the group is committed: answer what was asked
                    result.message.attachments = requests.at(i).message.attachments;
                }
        } else if (outcome.error) {
            m_connection->noteWrite(&*outcome.error); // a timeout says the database struggles
        } else { // never: the function answers every message
            outcome.error = StoreError(StoreError::Kind::Failed,
                QStringLiteral("The database did not answer for one message of %1: is migration "
                               "0010 intact?")
                    .arg(name));
        }
    }
    if (anyStored)
        m_connection->noteWrite(nullptr);
    return outcomes;
}

// SQLite: the same steps, one statement each, in a savepoint so that a refusal undoes this
// message only, not the group it belongs to.
AppendResult SqlStore::appendStatementByStatement(
    const NewMessage &message, const std::optional<UsageCharge> &charge)
{
    const auto storedDuplicate = [&]() -> std::optional<ChatMessage> {
        if (message.clientMessageId.isEmpty())
            return std::nullopt;
        QSqlQuery &existing = prepared(QStringLiteral("select_message_by_client_id"));
        bind(existing, "session_id", message.sessionId);
        bind(existing, "client_message_id", message.clientMessageId);
        exec(existing, QStringLiteral("select_message_by_client_id"));
        return readOne<ChatMessage>(existing, readMessage);
    };
    const auto readDailyTokens = [&](AppendResult &result, qint64 at) {
        if (!charge)
            return;
        QSqlQuery &daily = prepared(QStringLiteral("select_daily_tokens"));
        bind(daily, "day", dayOf(at));
        bind(daily, "user_key", charge->userKey);
        exec(daily, QStringLiteral("select_daily_tokens"));
        result.dailyTokens = readNumber(daily);
        if (!charge->alsoDailyTokensOf.isEmpty()) {
            bind(daily, "user_key", charge->alsoDailyTokensOf);
            exec(daily, QStringLiteral("select_daily_tokens"));
            result.alsoDailyTokens = readNumber(daily);
        }
    };
    const auto duplicateOf = [&](const ChatMessage &stored) {
        AppendResult result { stored, true };
        QSqlQuery &state = prepared(QStringLiteral("select_append_state"));
        bind(state, "id", message.sessionId);
        exec(state, QStringLiteral("select_append_state"));
        readOne<bool>(state, [&](const Row &row) {
            result.sessionStatus
                = sessionStatusFromName(row.text("status")).value_or(SessionStatus::Active);
            result.assignedAgent = row.text("assigned_agent");
            result.assistantMessages = row.value("assistant_messages").toLongLong();
            return true;
        });
        readDailyTokens(result, nowMs());
        return result;
    };

    // Qt's SQLite driver binds text as UTF-16, and SQLite takes a leading U+FEFF or U+FFFE
    // for a byte-order mark: the first is dropped, the second byte-swaps the whole text.
    // Refuse rather than store something else than what was sent; the sanitizer removes
    // these characters before a customer's text gets here.
    if (startsWithByteOrderMark(message.content)) {
        throw StoreError(StoreError::Kind::Failed,
            QCoreApplication::translate("SqlStore",
                "Text that begins with U+FEFF or U+FFFE cannot be stored "
                "in SQLite; remove that character first."));
    }
    execStatement(QStringLiteral("savepoint_append"));
    try {
        if (auto stored = storedDuplicate()) {
            AppendResult result = duplicateOf(*stored);
            execStatement(QStringLiteral("release_append"));
            return result;
        }
        // Taking the next number is done under the write lock. For an agent's reply the same
        // statement checks that the agent still owns the session: a release or claim
        // committed meanwhile makes it match no row, so the reply is not stored.
        const qint64 now = nowMs();
        const QString nextSeq = message.requiredOwner.isEmpty()
            ? QStringLiteral("next_message_seq")
            : QStringLiteral("next_message_seq_if_owner");
        QSqlQuery &next = prepared(nextSeq);
        bind(next, "updated_at", now);
        bind(next, "last_message_at", now);
        bind(next, "assistant_messages_added", message.role == Role::Assistant ? 1 : 0);
        bind(next, "id", message.sessionId);
        if (!message.requiredOwner.isEmpty())
            bind(next, "agent", message.requiredOwner);
        exec(next, nextSeq);
        AppendResult result;
        const std::optional<qint64> seq = readOne<qint64>(next, [&](const Row &row) {
            result.sessionStatus
                = sessionStatusFromName(row.text("status")).value_or(SessionStatus::Active);
            result.assignedAgent = row.text("assigned_agent");
            result.assistantMessages = row.value("assistant_messages").toLongLong();
            return row.value("last_seq").toLongLong();
        });
        if (!seq && !message.requiredOwner.isEmpty()) {
            QSqlQuery &exists = prepared(QStringLiteral("select_session"));
            bind(exists, "id", message.sessionId);
            exec(exists, QStringLiteral("select_session"));
            if (readOne<ChatSession>(exists, readSession))
                throw noLongerAssigned(message);
        }
        if (!seq)
            throw noSuchSession(message.sessionId);

        result.message = newMessage(message, now);
        result.message.seq = *seq;
        QSqlQuery &insert = prepared(QStringLiteral("insert_message"));
        bindMessage(insert, result.message);
        exec(insert, QStringLiteral("insert_message"));
        if (charge)
            chargeUsage(*charge, result.message.createdAt);
        readDailyTokens(result, now);
        publish(QStringLiteral("message"), result.message.sessionId, result.message.seq);
        execStatement(QStringLiteral("release_append"));
        return result;
    } catch (const StoreError &error) {
        m_connection->finishStatements();
        execStatement(QStringLiteral("rollback_to_append"));
        execStatement(QStringLiteral("release_append"));
        // The unique index refused our clientMessageId, committed by another connection
        // since our check (which the write lock should rule out): answer with the stored one.
        if (error.kind() == StoreError::Kind::Conflict) {
            if (auto stored = storedDuplicate())
                return duplicateOf(*stored);
        }
        throw;
    }
}

} // namespace frontline
