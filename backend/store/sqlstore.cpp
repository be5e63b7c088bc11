// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlstore.h"

#include "core/logging.h"
#include "messagerow.h"
#include "migrator.h"
#include "sessionrow.h"
#include "sqlrow.h"
#include "storeerror.h"
#include "usagerow.h"

#include <QCoreApplication>

namespace frontline {

using namespace sql;

namespace {

// The filter of sessions() and sessionOverviews(), whose queries take the same parameters.
// The words of a search, as the queries match them (see SessionFilter::search).
QStringList searchWords(const SessionFilter &filter)
{
    return searchtext::words(filter.search, true);
}

void bindSessionFilter(QSqlQuery &query, const SessionFilter &filter, SqlDialect dialect)
{
    if (!filter.search.isEmpty()) {
        // Words only (no FTS syntax), every one of them, each a prefix.
        const QStringList words = searchWords(filter);
        bind(query, "words",
            dialect == SqlDialect::Sqlite
                ? searchtext::fts5Query(words, searchtext::Match::AllWords)
                : searchtext::tsQuery(words, searchtext::Match::AllWords));
    }
    const QVariant status = filter.status ? QVariant(sessionStatusName(*filter.status))
                                          : QVariant(QMetaType::fromType<QString>());
    bind(query, "status", status);
    bind(query, "status_again", status);
    bind(query, "agent", textOrNull(filter.assignedAgent));
    bind(query, "agent_again", textOrNull(filter.assignedAgent));
    const QVariant label = filter.label.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                  : QVariant(labelKey(filter.label));
    bind(query, "label", label);
    bind(query, "label_again", label);
    bind(query, "limit", filter.limit);
    bind(query, "offset", filter.offset);
}

const std::shared_ptr<const Clock> &systemClock()
{
    static const std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>();
    return clock;
}

} // namespace

// ---- opening --------------------------------------------------------------------------------

std::unique_ptr<SqlStore> SqlStore::open(const DatabaseUrl &url, std::shared_ptr<const Clock> clock)
{
    auto connection = SqlConnection::open(url);
    Migrator(*connection).requireLatest(url.displayString());
    return std::unique_ptr<SqlStore>(
        new SqlStore(std::move(connection), clock ? std::move(clock) : systemClock()));
}

SqlStore::SqlStore(std::unique_ptr<SqlConnection> connection, std::shared_ptr<const Clock> clock)
    : m_connection(std::move(connection))
    , m_clock(std::move(clock))
    , m_clusterEvents(*m_connection)
{
}

SqlStore::~SqlStore() = default;

qint64 SqlStore::nowMs() const
{
    return m_clock->now().toMSecsSinceEpoch();
}

// ---- Store ----------------------------------------------------------------------------------

QString SqlStore::dialectName() const
{
    return sqlDialectName(m_connection->dialect());
}

int SqlStore::schemaVersion()
{
    ensureConnected();
    // The table exists since open(); a newer node may have migrated since.
    QSqlQuery &query = prepared(QStringLiteral("select_schema_version"));
    exec(query, QStringLiteral("select_schema_version"));
    return readOne<int>(query, [](const Row &q) { return q.value(0).toInt(); }).value_or(0);
}

bool SqlStore::isHealthy()
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            ensureConnected();
            QSqlQuery &ping = prepared(QStringLiteral("ping"));
            exec(ping, QStringLiteral("ping"));
            ping.finish();
            return true;
        } catch (const StoreError &error) {
            if (m_connection->dialect() == SqlDialect::Sqlite) // a file has no connection to
                                                               // lose: say why now
                qCWarning(lcStore, "%s", qUtf8Printable(error.message()));
            m_connection->suspect(
                error.message()); // logged once, when the connection is first lost
        }
    }
    return false;
}

bool SqlStore::writesFailing() const
{
    return m_connection->writesFailing();
}

ChatSession SqlStore::createSession(
    const ChatSession &session, const std::optional<UsageCharge> &charge)
{
    return inWriteTransaction([&] {
        ChatSession stored = session;
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC);
        stored.createdAt = now;
        stored.updatedAt = now;
        stored.lastSeq = 0;
        stored.lastMessageAt = QDateTime();
        if (stored.consentedAt.isValid())
            stored.consentedAt = now; // given with the request that creates it
        QSqlQuery &insert = prepared(QStringLiteral("insert_session"));
        bindSession(insert, stored);
        exec(insert, QStringLiteral("insert_session"));
        if (charge)
            chargeUsage(*charge, now);
        publish(QStringLiteral("session"), stored.id);
        return stored;
    });
}

std::optional<ChatSession> SqlStore::session(const QString &id)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_session"));
    bind(query, "id", id);
    exec(query, QStringLiteral("select_session"));
    const std::optional<ChatSession> found = readOne<ChatSession>(query, readSession);
    if (!found)
        return std::nullopt;
    return withLabels(*found);
}

QList<ChatSession> SqlStore::sessions(const SessionFilter &filter)
{
    if (!filter.search.isEmpty()) {
        // A search ranks and finds as the agents' session list does: one query of each
        // dialect's to keep true.
        QList<ChatSession> found;
        for (const SessionOverview &overview : sessionOverviews(filter, QString()))
            found.append(overview.session);
        return found;
    }
    ensureConnected();
    const QString name = QStringLiteral("select_sessions");
    QSqlQuery &query = prepared(name);
    bindSessionFilter(query, filter, m_connection->dialect());
    exec(query, name);
    QList<ChatSession> found = readAll<ChatSession>(query, readSession);
    QStringList ids;
    for (const ChatSession &session : found)
        ids.append(session.id);
    const QHash<QString, QStringList> labels = labelsOfSessions(ids);
    for (ChatSession &session : found)
        session.labels = labels.value(session.id);
    return found;
}

QList<SessionOverview> SqlStore::sessionOverviews(
    const SessionFilter &filter, const QString &reader)
{
    ensureConnected();
    const QString name = filter.search.isEmpty()
        ? QStringLiteral("select_session_overviews")
        : QStringLiteral("select_session_overviews_matching");
    const QStringList words = searchWords(filter);
    if (!filter.search.isEmpty() && words.isEmpty())
        return {}; // nothing to look for: no session has it
    QSqlQuery &query = prepared(name);
    bindSessionFilter(query, filter, m_connection->dialect());
    bind(query, "reader", reader);
    exec(query, name);
    QList<SessionOverview> overviews;
    std::optional<Row> session;
    std::optional<Row> message;
    while (query.next()) {
        if (!session) {
            session.emplace(query);
            message.emplace(query, QLatin1String("message_"));
        }
        SessionOverview overview { readSession(*session), std::nullopt,
            session->value("unread").toLongLong() };
        if (!message->value("id").isNull())
            overview.lastMessage = readMessage(*message);
        if (!filter.search.isEmpty()) {
            overview.match = SessionMatch { session->text("match_id"),
                session->value("match_seq").toLongLong(),
                searchtext::snippet(session->text("match_content"), words) };
        }
        overviews.append(overview);
    }
    query.finish(); // SQLite: release the statement's read snapshot at once
    QStringList ids;
    for (const SessionOverview &overview : overviews)
        ids.append(overview.session.id);
    const QHash<QString, QStringList> labels = labelsOfSessions(ids);
    for (SessionOverview &overview : overviews)
        overview.session.labels = labels.value(overview.session.id);
    return overviews;
}

bool SqlStore::updateSession(
    const QString &queryName, const QString &id, const std::function<void(QSqlQuery &)> &bindRest)
{
    return inWriteTransaction([&] {
        QSqlQuery &query = prepared(queryName);
        bindRest(query);
        bind(query, "id", id);
        exec(query, queryName);
        const bool changed = query.numRowsAffected() > 0;
        if (changed)
            publish(QStringLiteral("session"), id);
        return changed;
    });
}

bool SqlStore::setSessionStatus(
    const QString &id, SessionStatus status, const QString &assignedAgent)
{
    if (status == SessionStatus::Waiting)
        return startWaiting(id, WaitingReason::None, Unattended::None); // it keeps the times
    return updateSession(QStringLiteral("update_session_status"), id, [&](QSqlQuery &query) {
        bind(query, "status", sessionStatusName(status));
        bind(query, "assigned_agent", textOrNull(assignedAgent));
        bind(query, "updated_at", nowMs());
    });
}

bool SqlStore::startWaiting(const QString &id, WaitingReason reason, Unattended unattended)
{
    return updateSession(QStringLiteral("start_waiting"), id, [&](QSqlQuery &query) {
        const qint64 now = nowMs();
        bind(query, "updated_at", now);
        bind(query, "since", now);
        bind(query, "reason", textOrNull(waitingReasonName(reason)));
        bind(query, "unattended", textOrNull(unattendedName(unattended)));
    });
}

std::optional<ChatSession> SqlStore::setCustomerContact(
    const QString &id, const QString &email, const QString &name)
{
    return inWriteTransaction([&]() -> std::optional<ChatSession> {
        const QString statement = QStringLiteral("update_customer_contact");
        QSqlQuery &query = prepared(statement);
        bind(query, "email", email);
        bind(query, "name", textOrNull(name)); // NULL keeps the name the session has
        bind(query, "updated_at", nowMs());
        bind(query, "id", id);
        exec(query, statement);
        if (query.numRowsAffected() == 0)
            return std::nullopt;
        publish(QStringLiteral("session"), id);
        return session(id);
    });
}

bool SqlStore::claimSession(const QString &id, const QString &agent)
{
    return updateSession(QStringLiteral("claim_session"), id, [&](QSqlQuery &query) {
        bind(query, "agent", agent);
        bind(query, "agent_again", agent);
        bind(query, "updated_at", nowMs());
    });
}

bool SqlStore::releaseSession(const QString &id, const QString &agent)
{
    return updateSession(QStringLiteral("release_session"), id, [&](QSqlQuery &query) {
        bind(query, "updated_at", nowMs());
        bind(query, "agent", agent);
    });
}

AppendResult SqlStore::appendMessage(
    const NewMessage &message, const std::optional<UsageCharge> &charge)
{
    return inWriteTransaction([&] { return appendInTransaction(message, charge); });
}

QList<AppendOutcome> SqlStore::appendMessages(const QList<AppendRequest> &requests)
{
    if (m_connection->dialect() == SqlDialect::Postgresql)
        return appendGroupInOneStatement(requests); // one round trip for the whole group
    QList<AppendOutcome> outcomes;
    const auto failAll = [&](const StoreError &error) {
        m_connection->noteWrite(&error);
        outcomes.clear();
        for (qsizetype i = 0; i < requests.size(); ++i)
            outcomes.append({ std::nullopt, error });
        return outcomes;
    };
    try {
        m_connection->beginWrite();
    } catch (const StoreError &error) {
        return failAll(error);
    }
    bool anyStored = false;
    for (const AppendRequest &request : requests) {
        try {
            outcomes.append({ appendInTransaction(request.message, request.charge), std::nullopt });
            anyStored = true;
        } catch (const StoreError &error) {
            // A lost connection takes the whole transaction with it; any other refusal (no
            // such session, a timeout...) undid this message only.
            if (error.kind() == StoreError::Kind::Unavailable) {
                m_connection->rollBack();
                return failAll(error);
            }
            m_connection->noteWrite(&error); // a timeout says the database struggles
            outcomes.append({ std::nullopt, error });
        }
    }
    try {
        execStatement(QStringLiteral("commit"));
    } catch (const StoreError &error) {
        m_connection->rollBack();
        return failAll(error);
    }
    if (anyStored)
        m_connection->noteWrite(nullptr);
    return outcomes;
}

QList<ChatMessage> SqlStore::messagesAfter(const QString &sessionId, qint64 afterSeq, int limit)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_messages_after"));
    bind(query, "session_id", sessionId);
    bind(query, "after_seq", afterSeq);
    bind(query, "limit", limit);
    exec(query, QStringLiteral("select_messages_after"));
    return readAll<ChatMessage>(query, readMessage);
}

QList<ChatMessage> SqlStore::customerMessagesAfter(
    const QString &sessionId, qint64 afterSeq, int limit)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_customer_messages_after"));
    bind(query, "session_id", sessionId);
    bind(query, "after_seq", afterSeq);
    bind(query, "limit", limit);
    exec(query, QStringLiteral("select_customer_messages_after"));
    return readAll<ChatMessage>(query, readMessage);
}

std::optional<ChatMessage> SqlStore::messageByClientId(
    const QString &sessionId, const QString &clientMessageId)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_message_by_client_id"));
    bind(query, "session_id", sessionId);
    bind(query, "client_message_id", clientMessageId);
    exec(query, QStringLiteral("select_message_by_client_id"));
    return readOne<ChatMessage>(query, readMessage);
}

void SqlStore::chargeUsage(const UsageCharge &charge, const QDateTime &at)
{
    QSqlQuery &usage = prepared(QStringLiteral("add_usage"));
    bindUsage(usage, charge, at);
    exec(usage, QStringLiteral("add_usage"));
    const qint64 tokens = charge.delta.tokensIn + charge.delta.tokensOut;
    if (tokens > 0) {
        QSqlQuery &daily = prepared(QStringLiteral("add_daily_tokens"));
        bind(daily, "user_key", charge.userKey);
        bind(daily, "day", at.toUTC().date().toString(Qt::ISODate));
        bind(daily, "tokens", tokens);
        exec(daily, QStringLiteral("add_daily_tokens"));
        if (!charge.alsoDailyTokensOf.isEmpty()) {
            bind(daily, "user_key", charge.alsoDailyTokensOf);
            exec(daily, QStringLiteral("add_daily_tokens"));
        }
    }
}

void SqlStore::addUsage(const UsageCharge &charge)
{
    inWriteTransaction([&] { chargeUsage(charge, m_clock->now()); });
}

qint64 SqlStore::dailyTokens(const QString &userKey, QDate day)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_daily_tokens"));
    bind(query, "user_key", userKey);
    bind(query, "day", day.toString(Qt::ISODate));
    exec(query, QStringLiteral("select_daily_tokens"));
    return readNumber(query);
}

std::optional<ChatMessage> SqlStore::lastMessage(const QString &sessionId)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_last_message"));
    bind(query, "session_id", sessionId);
    exec(query, QStringLiteral("select_last_message"));
    return readOne<ChatMessage>(query, readMessage);
}

void SqlStore::markRead(const QString &agent, const QString &sessionId, qint64 seq)
{
    inWriteTransaction([&] {
        QSqlQuery &mark = prepared(QStringLiteral("mark_read"));
        bind(mark, "agent", agent);
        bind(mark, "session_id", sessionId);
        bind(mark, "seq", seq);
        exec(mark, QStringLiteral("mark_read"));
    });
}

qint64 SqlStore::unreadCount(const QString &agent, const QString &sessionId)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("count_unread"));
    bind(query, "session_id", sessionId);
    bind(query, "agent", agent);
    bind(query, "session_again", sessionId);
    exec(query, QStringLiteral("count_unread"));
    return readNumber(query);
}

bool SqlStore::markCustomerSeen(const QString &sessionId, qint64 seq)
{
    return inWriteTransaction([&] {
        QSqlQuery &query = prepared(QStringLiteral("mark_customer_seen"));
        bind(query, "seq", seq);
        bind(query, "seq_again", seq);
        bind(query, "seq_last", seq);
        bind(query, "id", sessionId);
        exec(query, QStringLiteral("mark_customer_seen"));
        const bool changed = query.numRowsAffected() > 0;
        if (changed)
            publish(QStringLiteral("seen"), sessionId, seq);
        return changed;
    });
}

void SqlStore::announceTyping(const QString &sessionId, const QString &agent)
{
    // Its own short transaction, only to carry the event: nothing else is written.
    if (m_clusterNode.isEmpty())
        return;
    inWriteTransaction([&] { publish(QStringLiteral("typing"), sessionId, 0, agent); });
}

qint64 SqlStore::countMessages(const QString &sessionId, Role role)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("count_messages_by_role"));
    bind(query, "session_id", sessionId);
    bind(query, "role", roleName(role));
    exec(query, QStringLiteral("count_messages_by_role"));
    return readNumber(query);
}

std::optional<UsageStats> SqlStore::usage(const QString &userKey)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_usage"));
    bind(query, "user_key", userKey);
    exec(query, QStringLiteral("select_usage"));
    return readOne<UsageStats>(query, readUsage);
}

std::optional<QString> SqlStore::setting(const QString &key)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_setting"));
    bind(query, "key", key);
    exec(query, QStringLiteral("select_setting"));
    return readOne<QString>(query, [](const Row &q) { return q.value(0).toString(); });
}

void SqlStore::addStreamTicket(
    const QString &ticketHash, const QString &sessionId, std::chrono::seconds lifetime)
{
    inWriteTransaction([&] {
        QSqlQuery &expired = prepared(QStringLiteral("delete_expired_stream_tickets"));
        bind(expired, "now", nowMs());
        exec(expired, QStringLiteral("delete_expired_stream_tickets"));
        QSqlQuery &insert = prepared(QStringLiteral("insert_stream_ticket"));
        bind(insert, "ticket_hash", ticketHash);
        bind(insert, "session_id", sessionId);
        bind(insert, "expires_at", nowMs() + qint64(std::chrono::milliseconds(lifetime).count()));
        exec(insert, QStringLiteral("insert_stream_ticket"));
    });
}

bool SqlStore::takeStreamTicket(const QString &ticketHash, const QString &sessionId)
{
    return inWriteTransaction([&] {
        QSqlQuery &take = prepared(QStringLiteral("take_stream_ticket"));
        bind(take, "ticket_hash", ticketHash);
        bind(take, "session_id", sessionId);
        bind(take, "now", nowMs());
        exec(take, QStringLiteral("take_stream_ticket"));
        return take.numRowsAffected() == 1;
    });
}

void SqlStore::setSetting(const QString &key, const QString &value)
{
    inWriteTransaction([&] {
        QSqlQuery &upsert = prepared(QStringLiteral("upsert_setting"));
        bind(upsert, "key", key);
        // A null QString would bind as NULL; an empty setting is still a value.
        bind(upsert, "value", value.isNull() ? QStringLiteral("") : value);
        bind(upsert, "updated_at", nowMs());
        exec(upsert, QStringLiteral("upsert_setting"));
        publish(QStringLiteral("setting"), key);
    });
}

QMap<QString, QString> SqlStore::settings()
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_settings"));
    exec(query, QStringLiteral("select_settings"));
    QMap<QString, QString> result;
    while (query.next())
        result.insert(query.value(0).toString(), query.value(1).toString());
    query.finish();
    return result;
}

// ---- several nodes on one PostgreSQL ----------------------------------------------------------

void SqlStore::setClusterNode(const QString &node)
{
    if (m_connection->dialect() == SqlDialect::Postgresql)
        m_clusterNode = node;
}

void SqlStore::publish(
    const QString &kind, const QString &subject, qint64 number, const QString &actor)
{
    if (m_clusterNode.isEmpty())
        return;
    m_clusterEvents.append({ m_clusterNode, kind, subject, number, actor }, nowMs());
}

} // namespace frontline
