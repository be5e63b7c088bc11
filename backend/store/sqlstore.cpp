// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlstore.h"

#include "core/logging.h"
#include "migrator.h"
#include "storeerror.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>
#include <QUuid>

#include <limits>

namespace frontline {

namespace {

// ---- value conversions shared by both dialects ------------------------------------------

QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch())
                          : QVariant(QMetaType::fromType<qint64>());
}

QDateTime timeFrom(const QVariant &value)
{
    return value.isNull() ? QDateTime()
                          : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

// Optional text columns hold NULL rather than an empty string.
QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

// One row of a result, read by column name. QSqlQuery::value(name) rebuilds the result's
// record on every call, which Qt's PostgreSQL driver does at a real cost (a fifth of the
// send path in the benchmark's profile); here the record is taken once per result.
class Row
{
public:
    explicit Row(const QSqlQuery &query)
        : m_query(query)
        , m_record(query.record())
    {
    }

    QVariant value(const char *column) const
    {
        return m_query.value(m_record.indexOf(QLatin1String(column)));
    }
    QVariant value(int index) const { return m_query.value(index); }

private:
    const QSqlQuery &m_query;
    const QSqlRecord m_record;
};

QString text(const Row &row, const char *column)
{
    return row.value(column).toString();
}

void bind(QSqlQuery &query, const char *placeholder, const QVariant &value)
{
    query.bindValue(QLatin1Char(':') + QLatin1String(placeholder), value);
}

// A name of fixed length and alphabet for any text a client may send as a rate-limit key.
QString digest(const QString &text)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex().left(40));
}

// ---- one binder and one reader per entity ------------------------------------------------

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
}

ChatSession readSession(const Row &q)
{
    ChatSession s;
    s.id = text(q, "id");
    s.userId = text(q, "user_id");
    s.status = sessionStatusFromName(text(q, "status")).value_or(SessionStatus::Active);
    s.assignedAgent = text(q, "assigned_agent");
    s.customerName = text(q, "customer_name");
    s.customerEmail = text(q, "customer_email");
    s.locale = text(q, "locale");
    s.clientIp = text(q, "client_ip");
    s.userAgent = text(q, "user_agent");
    s.tokenHash = text(q, "token_hash");
    s.lastSeq = q.value("last_seq").toLongLong();
    s.createdAt = timeFrom(q.value("created_at"));
    s.updatedAt = timeFrom(q.value("updated_at"));
    s.lastMessageAt = timeFrom(q.value("last_message_at"));
    return s;
}

void bindMessage(QSqlQuery &q, const ChatMessage &m)
{
    bind(q, "id", m.id);
    bind(q, "session_id", m.sessionId);
    bind(q, "seq", m.seq);
    bind(q, "role", roleName(m.role));
    bind(q, "content", m.content);
    bind(q, "sanitized", m.sanitized);
    bind(q, "client_message_id", textOrNull(m.clientMessageId));
    bind(q, "agent_name", textOrNull(m.agentName));
    bind(q, "created_at", timeValue(m.createdAt));
}

ChatMessage readMessage(const Row &q)
{
    ChatMessage m;
    m.id = text(q, "id");
    m.sessionId = text(q, "session_id");
    m.seq = q.value("seq").toLongLong();
    m.role = roleFromName(text(q, "role")).value_or(Role::System);
    m.content = text(q, "content");
    m.sanitized = q.value("sanitized").toBool();
    m.clientMessageId = text(q, "client_message_id");
    m.agentName = text(q, "agent_name");
    m.createdAt = timeFrom(q.value("created_at"));
    return m;
}

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
    u.userKey = text(q, "user_key");
    u.sessions = q.value("sessions").toLongLong();
    u.messagesSent = q.value("messages_sent").toLongLong();
    u.assistantReplies = q.value("assistant_replies").toLongLong();
    u.rateLimited = q.value("rate_limited").toLongLong();
    u.tokensIn = q.value("tokens_in").toLongLong();
    u.tokensOut = q.value("tokens_out").toLongLong();
    u.lastActiveAt = timeFrom(q.value("last_active_at"));
    return u;
}

RateLimitHit readRateLimitHit(const Row &q)
{
    RateLimitHit h;
    h.id = q.value("id").toLongLong();
    h.at = timeFrom(q.value("at"));
    h.route = text(q, "route");
    h.keyKind = text(q, "key_kind");
    h.key = text(q, "key");
    h.clientIp = text(q, "client_ip");
    h.sessionId = text(q, "session_id");
    h.count = q.value("hit_count").toLongLong();
    return h;
}

Agent readAgent(const Row &q)
{
    Agent a;
    a.id = q.value("id").toLongLong();
    a.username = text(q, "username");
    a.displayName = text(q, "display_name");
    a.role = agentRoleFromName(text(q, "role")).value_or(AgentRole::Agent);
    a.passwordHash = text(q, "password_hash");
    a.tokenHash = text(q, "token_hash");
    a.createdAt = timeFrom(q.value("created_at"));
    return a;
}

AuditEntry readAudit(const Row &q)
{
    AuditEntry e;
    e.id = q.value("id").toLongLong();
    e.at = timeFrom(q.value("at"));
    e.actor = text(q, "actor");
    e.action = text(q, "action");
    e.target = text(q, "target");
    e.detail = text(q, "detail");
    return e;
}

template <typename T, typename Reader>
QList<T> readAll(QSqlQuery &query, Reader read)
{
    QList<T> rows;
    std::optional<Row> row;
    while (query.next()) {
        if (!row)
            row.emplace(query);
        rows.append(read(*row));
    }
    query.finish(); // SQLite: release the statement's read snapshot at once
    return rows;
}

template <typename T, typename Reader>
std::optional<T> readOne(QSqlQuery &query, Reader read)
{
    std::optional<T> found;
    if (query.next())
        found = read(Row(query));
    query.finish();
    return found;
}

bool startsWithByteOrderMark(const QString &text)
{
    return text.startsWith(QChar(0xFEFF)) || text.startsWith(QChar(0xFFFE));
}

// ---- error classification -----------------------------------------------------------------

bool isConflict(SqlDialect dialect, const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (dialect == SqlDialect::Postgresql)
        return code.startsWith(QLatin1String("23")); // integrity constraint violation
    return (code.toInt() & 0xff) == 19; // SQLITE_CONSTRAINT and its extended codes
}

// The statement waited for a lock, or ran, longer than the database timeout: the connection
// is fine, the database is busy (a long transaction, a table locked by an operator).
bool isBusy(SqlDialect dialect, const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (dialect == SqlDialect::Postgresql) // query_canceled (statement_timeout), lock_not_available
                                           // (lock_timeout)
        return code == QLatin1String("57014") || code == QLatin1String("55P03");
    const int primary = code.toInt() & 0xff;
    return primary == 5 /*BUSY*/ || primary == 6 /*LOCKED*/;
}

// Errors that say nothing about the statement itself: the connection (or the file) is gone.
bool isUnavailable(SqlDialect dialect, const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (dialect == SqlDialect::Postgresql) {
        // A SQLSTATE from the server names a statement problem, except these classes:
        // connection exception, operator intervention (shutdown), insufficient resources.
        return code.size() != 5 || code.startsWith(QLatin1String("08"))
            || code.startsWith(QLatin1String("57")) || code.startsWith(QLatin1String("53"));
    }
    const int primary = code.toInt() & 0xff;
    return primary == 8 /*READONLY*/
        || primary == 10 /*IOERR*/ || primary == 13 /*FULL*/ || primary == 14 /*CANTOPEN*/;
}

QString oneLine(const QSqlError &error)
{
    QString text = error.databaseText().trimmed();
    const QString driverText = error.driverText().trimmed();
    if (text.isEmpty())
        text = driverText;
    else if (!driverText.isEmpty() && !text.contains(driverText))
        text = driverText + QStringLiteral(": ") + text;
    return text.simplified();
}

QString newConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("frontline-store-%1").arg(counter.fetchAndAddRelaxed(1) + 1);
}

// SQLite's WAL: checkpointed every this many pages (its default is 1,000, 4 MiB), and cut
// back to this size after each checkpoint.
constexpr int WalCheckpointPages = 256;
constexpr qint64 WalSizeLimitBytes = 1024 * 1024;

const std::shared_ptr<const Clock> &systemClock()
{
    static const std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>();
    return clock;
}

} // namespace

// ---- opening --------------------------------------------------------------------------------

std::unique_ptr<SqlStore> SqlStore::open(const DatabaseUrl &url, std::shared_ptr<const Clock> clock)
{
    std::unique_ptr<SqlStore> store(new SqlStore(url, clock ? std::move(clock) : systemClock()));
    store->connect();
    Migrator migrator(store->m_db, store->m_dialect, store->m_queries);
    migrator.migrate(url.displayString());
    // Only now: a migration of a big database may rightly take longer than a request may wait.
    store->m_statementTimeouts = true;
    store->applyStatementTimeouts();
    return store;
}

SqlStore::SqlStore(const DatabaseUrl &url, std::shared_ptr<const Clock> clock)
    : m_url(url)
    , m_dialect(url.kind == DatabaseUrl::Kind::Sqlite ? SqlDialect::Sqlite : SqlDialect::Postgresql)
    , m_queries(m_dialect)
    , m_clock(std::move(clock))
    , m_connectionName(newConnectionName())
{
}

SqlStore::~SqlStore()
{
    flushGroupCommit(); // what is pending is committed; its answers no longer have anyone to go to
    m_prepared.clear(); // queries must go before their connection
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

void SqlStore::connect()
{
    const QString driver = m_url.driverName();
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        const QString package = m_dialect == SqlDialect::Sqlite
            ? QStringLiteral("libqt6sql6-sqlite")
            : QStringLiteral("libqt6sql6-psql");
        throw StoreError(StoreError::Kind::Unavailable,
            QCoreApplication::translate("SqlStore",
                "Qt's %1 database driver is not installed: install the "
                "%2 package.")
                .arg(driver, package));
    }

    if (m_dialect == SqlDialect::Sqlite) {
        const QFileInfo file(m_url.sqlitePath);
        const QFileInfo folder(file.absolutePath());
        if (file.exists() && !file.isFile()) {
            throw StoreError(StoreError::Kind::InvalidDatabase,
                QCoreApplication::translate("SqlStore",
                    "The SQLite database path %1 is not a file: choose "
                    "a file path.")
                    .arg(file.filePath()));
        }
        if (!folder.isDir()) {
            throw StoreError(StoreError::Kind::Unavailable,
                QCoreApplication::translate("SqlStore",
                    "Cannot create the SQLite database %1: the folder %2 "
                    "does not exist. Create it or choose another path.")
                    .arg(file.filePath(), folder.filePath()));
        }
        if (!folder.isWritable()) {
            throw StoreError(StoreError::Kind::Unavailable,
                QCoreApplication::translate("SqlStore",
                    "Cannot use the SQLite database %1: the folder %2 is "
                    "not writable. Choose a writable folder.")
                    .arg(file.filePath(), folder.filePath()));
        }
    }

    m_db = m_url.addConnection(m_connectionName);
    if (!m_db.open()) {
        if (m_dialect == SqlDialect::Sqlite) {
            throw StoreError(StoreError::Kind::Unavailable,
                QCoreApplication::translate("SqlStore",
                    "Cannot open the SQLite database %1: %2. Check that "
                    "the file and its folder are writable.")
                    .arg(m_url.sqlitePath, oneLine(m_db.lastError())));
        }
        throw StoreError(StoreError::Kind::Unavailable,
            QCoreApplication::translate("SqlStore",
                "Cannot connect to PostgreSQL at %1:%2 (database \"%3\", "
                "user \"%4\"): %5. Check that the server is running and "
                "that the URL is right.")
                .arg(m_url.host)
                .arg(m_url.port)
                .arg(m_url.databaseName, m_url.user, oneLine(m_db.lastError())));
    }
    configureConnection();
}

void SqlStore::configureConnection()
{
    try {
        if (m_dialect == SqlDialect::Sqlite) {
            // WAL lets readers work during a write; synchronous=FULL makes every commit
            // durable across a crash of the process or the machine; the busy timeout makes a
            // second writer wait instead of failing.
            QSqlQuery journal(m_db);
            if (!journal.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !journal.next())
                fail(journal.lastError(),
                    QCoreApplication::translate("SqlStore", "switching to WAL"));
            if (journal.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive)
                != 0) {
                throw StoreError(StoreError::Kind::Unavailable,
                    QCoreApplication::translate("SqlStore",
                        "The SQLite database %1 cannot use write-ahead "
                        "logging (its file system may not support it).")
                        .arg(m_url.sqlitePath));
            }
            journal.finish();
            execText(QStringLiteral("PRAGMA synchronous=FULL"));
            execText(QStringLiteral("PRAGMA busy_timeout=%1").arg(m_url.timeoutMs));
            execText(QStringLiteral("PRAGMA foreign_keys=ON"));
            // Each commit appends every page it changed to the WAL (tens of KiB per message):
            // checkpoint often and give the space back, so that the log neither eats the disk
            // nor keeps space it no longer needs (freed space on a full disk then lasts).
            execText(QStringLiteral("PRAGMA wal_autocheckpoint=%1").arg(WalCheckpointPages));
            execText(QStringLiteral("PRAGMA journal_size_limit=%1").arg(WalSizeLimitBytes));
        } else {
            execText(QStringLiteral("SET TIME ZONE 'UTC'"));
            if (m_statementTimeouts)
                applyStatementTimeouts();
        }
    } catch (const StoreError &error) {
        if (m_dialect == SqlDialect::Sqlite) {
            const QSqlError last = m_db.lastError();
            // SQLITE_NOTADB: refuse without touching the file.
            if (error.message().contains(QLatin1String("not a database"))) {
                throw StoreError(StoreError::Kind::InvalidDatabase,
                    QCoreApplication::translate("SqlStore",
                        "The file %1 is not a SQLite database (or is "
                        "damaged); it was left untouched. Choose another "
                        "path.")
                        .arg(m_url.sqlitePath));
            }
            throw StoreError(error.kind(),
                QCoreApplication::translate("SqlStore", "Cannot use the SQLite database %1: %2")
                    .arg(m_url.sqlitePath, error.message()));
        }
        throw;
    }
}

void SqlStore::applyStatementTimeouts()
{
    if (m_dialect != SqlDialect::Postgresql)
        return; // SQLite's busy timeout is set with the connection
    execText(QStringLiteral("SET statement_timeout = %1").arg(m_url.timeoutMs));
    execText(QStringLiteral("SET lock_timeout = %1").arg(m_url.timeoutMs));
}

void SqlStore::ensureConnected()
{
    if (!m_connectionSuspect)
        return;
    // Every request during an outage tries again; only the changes of state are logged
    // (lost in fail(), back here), not each attempt.
    m_prepared.clear(); // prepared statements died with the old connection
    m_db.close();
    if (!m_db.open()) {
        throw StoreError(StoreError::Kind::Unavailable,
            QCoreApplication::translate("SqlStore", "The database %1 is unavailable: %2")
                .arg(m_url.displayString(), oneLine(m_db.lastError())));
    }
    configureConnection();
    m_connectionSuspect = false;
    subscribeToClusterEvents(); // a new connection listens to nothing yet
    qCInfo(lcStore, "Reconnected to %s", qUtf8Printable(m_url.displayString()));
}

void SqlStore::suspectConnection(const QString &reason)
{
    if (m_dialect != SqlDialect::Postgresql)
        return;
    if (!m_connectionSuspect)
        qCWarning(lcStore, "Lost the connection to %s (%s); reconnecting at the next request",
            qUtf8Printable(m_url.displayString()), qUtf8Printable(reason));
    m_connectionSuspect = true;
}

void SqlStore::noteWrite(const StoreError *failure)
{
    // Failures of the write itself (disk full, I/O error, timeout, lost connection) make the
    // health check report failing writes until one succeeds; a refused row does not.
    if (failure && failure->kind() != StoreError::Kind::Unavailable
        && failure->kind() != StoreError::Kind::Busy)
        return;
    const bool failing = failure != nullptr;
    if (failing == m_writesFailing)
        return;
    m_writesFailing = failing;
    if (failing)
        qCWarning(lcStore, "Writes to %s are failing: %s", qUtf8Printable(m_url.displayString()),
            qUtf8Printable(failure->message()));
    else
        qCInfo(lcStore, "Writes to %s succeed again", qUtf8Printable(m_url.displayString()));
}

// ---- statement helpers ----------------------------------------------------------------------

QSqlQuery &SqlStore::prepared(const QString &name)
{
    if (const auto found = m_prepared.find(name); found != m_prepared.end())
        return found->second;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(m_queries.text(name)))
        fail(query.lastError(), QCoreApplication::translate("SqlStore", "preparing %1").arg(name));
    return m_prepared.emplace(name, std::move(query)).first->second;
}

void SqlStore::exec(QSqlQuery &query, const QString &name)
{
    if (!query.exec())
        fail(query.lastError(), name);
}

void SqlStore::execText(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        fail(query.lastError(), sql);
}

void SqlStore::execStatement(const QString &name)
{
    // Transaction control runs several times per request: SQLite prepares it once and reuses
    // it; PostgreSQL cannot prepare it (PREPARE takes only queries), so it goes as text.
    if (m_dialect == SqlDialect::Sqlite) {
        QSqlQuery &query = prepared(name);
        exec(query, name);
        query.finish();
    } else {
        execText(m_queries.text(name));
    }
}

void SqlStore::fail(const QSqlError &error, const QString &what)
{
    if (isConflict(m_dialect, error)) {
        throw StoreError(StoreError::Kind::Conflict,
            QCoreApplication::translate("SqlStore", "The database refused %1: %2")
                .arg(what, oneLine(error)));
    }
    if (isBusy(m_dialect, error)) {
        const StoreError busy(StoreError::Kind::Busy,
            QCoreApplication::translate(
                "SqlStore", "The database %1 did not answer within %2 ms (%3): %4")
                .arg(m_url.displayString())
                .arg(m_url.timeoutMs)
                .arg(what, oneLine(error)));
        // Counted as a failed write even when a read timed out (the check for a retried
        // message before it is stored, say): the request that wanted to write failed with it.
        noteWrite(&busy);
        throw busy;
    }
    if (isUnavailable(m_dialect, error)) {
        suspectConnection(oneLine(error));
        throw StoreError(StoreError::Kind::Unavailable,
            QCoreApplication::translate("SqlStore", "The database %1 is unavailable (%2): %3")
                .arg(m_url.displayString(), what, oneLine(error)));
    }
    throw StoreError(StoreError::Kind::Failed,
        QCoreApplication::translate("SqlStore", "The database failed %1: %2")
            .arg(what, oneLine(error)));
}

template <typename Work>
auto SqlStore::inWriteTransaction(Work &&work)
{
    flushGroupCommit(); // one transaction at a time on the connection
    ensureConnected();
    const auto rollBack = [this] {
        for (auto &[name, query] : m_prepared)
            query.finish();
        QSqlQuery(m_db).exec(m_queries.text(QStringLiteral("rollback")));
    };
    try {
        execStatement(QStringLiteral("begin_write"));
    } catch (const StoreError &error) {
        noteWrite(&error);
        throw;
    }
    try {
        if constexpr (std::is_void_v<decltype(work())>) {
            work();
            execStatement(QStringLiteral("commit"));
            noteWrite(nullptr);
        } else {
            auto result = work();
            execStatement(QStringLiteral("commit"));
            noteWrite(nullptr);
            return result;
        }
    } catch (const StoreError &error) {
        rollBack();
        noteWrite(&error);
        throw;
    } catch (...) {
        rollBack();
        throw;
    }
}

qint64 SqlStore::nowMs() const
{
    return m_clock->now().toMSecsSinceEpoch();
}

// ---- Store ----------------------------------------------------------------------------------

QString SqlStore::dialectName() const
{
    return sqlDialectName(m_dialect);
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
            if (m_dialect == SqlDialect::Sqlite) // a file has no connection to lose: say why now
                qCWarning(lcStore, "%s", qUtf8Printable(error.message()));
            suspectConnection(error.message()); // logged once, when the connection is first lost
        }
    }
    return false;
}

bool SqlStore::writesFailing() const
{
    return m_writesFailing;
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
    return readOne<ChatSession>(query, readSession);
}

QList<ChatSession> SqlStore::sessions(const SessionFilter &filter)
{
    ensureConnected();
    const QString name = filter.search.isEmpty() ? QStringLiteral("select_sessions")
                                                 : QStringLiteral("select_sessions_matching");
    QSqlQuery &query = prepared(name);
    if (!filter.search.isEmpty()) {
        // The search is text, not a pattern: its own % and _ are escaped.
        QString escaped = filter.search;
        escaped.replace(QLatin1Char('!'), QLatin1String("!!"))
            .replace(QLatin1Char('%'), QLatin1String("!%"))
            .replace(QLatin1Char('_'), QLatin1String("!_"));
        bind(query, "pattern", QString(QLatin1Char('%') + escaped + QLatin1Char('%')));
    }
    const QVariant status = filter.status ? QVariant(sessionStatusName(*filter.status))
                                          : QVariant(QMetaType::fromType<QString>());
    bind(query, "status", status);
    bind(query, "status_again", status);
    bind(query, "agent", textOrNull(filter.assignedAgent));
    bind(query, "agent_again", textOrNull(filter.assignedAgent));
    bind(query, "limit", filter.limit);
    bind(query, "offset", filter.offset);
    exec(query, name);
    return readAll<ChatSession>(query, readSession);
}

bool SqlStore::setSessionStatus(
    const QString &id, SessionStatus status, const QString &assignedAgent)
{
    return inWriteTransaction([&] {
        QSqlQuery &update = prepared(QStringLiteral("update_session_status"));
        bind(update, "status", sessionStatusName(status));
        bind(update, "assigned_agent", textOrNull(assignedAgent));
        bind(update, "updated_at", nowMs());
        bind(update, "id", id);
        exec(update, QStringLiteral("update_session_status"));
        const bool changed = update.numRowsAffected() > 0;
        if (changed)
            publish(QStringLiteral("session"), id);
        return changed;
    });
}

bool SqlStore::claimSession(const QString &id, const QString &agent)
{
    return inWriteTransaction([&] {
        QSqlQuery &claim = prepared(QStringLiteral("claim_session"));
        bind(claim, "agent", agent);
        bind(claim, "agent_again", agent);
        bind(claim, "updated_at", nowMs());
        bind(claim, "id", id);
        exec(claim, QStringLiteral("claim_session"));
        const bool changed = claim.numRowsAffected() > 0;
        if (changed)
            publish(QStringLiteral("session"), id);
        return changed;
    });
}

bool SqlStore::releaseSession(const QString &id, const QString &agent)
{
    return inWriteTransaction([&] {
        QSqlQuery &release = prepared(QStringLiteral("release_session"));
        bind(release, "updated_at", nowMs());
        bind(release, "id", id);
        bind(release, "agent", agent);
        exec(release, QStringLiteral("release_session"));
        const bool changed = release.numRowsAffected() > 0;
        if (changed)
            publish(QStringLiteral("session"), id);
        return changed;
    });
}

AppendResult SqlStore::appendMessage(
    const NewMessage &message, const std::optional<UsageCharge> &charge)
{
    return inWriteTransaction([&] { return appendInTransaction(message, charge); });
}

// Stores one message inside the transaction that is open, or finds the one stored before
// under the same clientMessageId.
AppendResult SqlStore::appendInTransaction(
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

    // Qt's SQLite driver binds text as UTF-16, and SQLite takes a leading U+FEFF or U+FFFE
    // for a byte-order mark: the first is dropped, the second byte-swaps the whole text.
    // Refuse rather than store something else than what was sent; the sanitizer removes
    // these characters before a customer's text gets here.
    if (m_dialect == SqlDialect::Sqlite && startsWithByteOrderMark(message.content)) {
        throw StoreError(StoreError::Kind::Failed,
            QCoreApplication::translate("SqlStore",
                "Text that begins with U+FEFF or U+FFFE cannot be stored "
                "in SQLite; remove that character first."));
    }
    // A savepoint, so that a refusal (the same clientMessageId committed by another
    // connection meanwhile) undoes this message only, not the group it belongs to.
    execStatement(QStringLiteral("savepoint_append"));
    try {
        if (auto stored = storedDuplicate()) {
            execStatement(QStringLiteral("release_append"));
            return { *stored, true };
        }
        // Taking the next number locks the session's row until commit. For an agent's reply
        // the same statement checks that the agent still owns the session: a release or claim
        // committed meanwhile (by any node) makes it match no row, so the reply is not stored.
        const qint64 now = nowMs();
        const QString nextSeq = message.requiredOwner.isEmpty()
            ? QStringLiteral("next_message_seq")
            : QStringLiteral("next_message_seq_if_owner");
        QSqlQuery &next = prepared(nextSeq);
        bind(next, "updated_at", now);
        bind(next, "last_message_at", now);
        bind(next, "id", message.sessionId);
        if (!message.requiredOwner.isEmpty())
            bind(next, "agent", message.requiredOwner);
        exec(next, nextSeq);
        const std::optional<qint64> seq
            = readOne<qint64>(next, [](const Row &q) { return q.value(0).toLongLong(); });
        if (!seq && !message.requiredOwner.isEmpty()) {
            QSqlQuery &exists = prepared(QStringLiteral("select_session"));
            bind(exists, "id", message.sessionId);
            exec(exists, QStringLiteral("select_session"));
            if (readOne<ChatSession>(exists, readSession)) {
                throw StoreError(StoreError::Kind::Changed,
                    QCoreApplication::translate(
                        "SqlStore", "The session \"%1\" is no longer assigned to %2.")
                        .arg(message.sessionId, message.requiredOwner));
            }
        }
        if (!seq) {
            throw StoreError(StoreError::Kind::NotFound,
                QCoreApplication::translate("SqlStore", "No chat session has the id \"%1\".")
                    .arg(message.sessionId));
        }

        ChatMessage stored;
        stored.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        stored.sessionId = message.sessionId;
        stored.seq = *seq;
        stored.role = message.role;
        stored.content = message.content;
        stored.sanitized = message.sanitized;
        stored.clientMessageId = message.clientMessageId;
        stored.agentName = message.agentName;
        stored.createdAt = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
        QSqlQuery &insert = prepared(QStringLiteral("insert_message"));
        bindMessage(insert, stored);
        exec(insert, QStringLiteral("insert_message"));
        if (charge)
            chargeUsage(*charge, stored.createdAt);
        publish(QStringLiteral("message"), stored.sessionId, stored.seq);
        execStatement(QStringLiteral("release_append"));
        return { stored, false };
    } catch (const StoreError &error) {
        for (auto &[name, query] : m_prepared)
            query.finish();
        execStatement(QStringLiteral("rollback_to_append"));
        execStatement(QStringLiteral("release_append"));
        // PostgreSQL: another connection committed the same clientMessageId between our check
        // and our insert; the unique index refused ours, so answer with theirs.
        if (error.kind() == StoreError::Kind::Conflict) {
            if (auto stored = storedDuplicate())
                return { *stored, true };
        }
        throw;
    }
}

void SqlStore::setGroupCommit(bool on)
{
    if (!on)
        flushGroupCommit();
    m_groupCommit = on;
}

void SqlStore::appendMessageGrouped(const NewMessage &message,
    const std::optional<UsageCharge> &charge, std::function<void(const AppendResult &)> done,
    std::function<void(const StoreError &)> failed)
{
    if (!m_groupCommit) {
        Store::appendMessageGrouped(message, charge, std::move(done), std::move(failed));
        return;
    }
    try {
        if (!m_groupOpen) {
            ensureConnected();
            execStatement(QStringLiteral("begin_write"));
            m_groupOpen = true;
        }
        m_group.append(
            { appendInTransaction(message, charge), std::move(done), std::move(failed) });
    } catch (const StoreError &error) {
        // This message is not stored. A lost connection takes the open group with it; any
        // other refusal (no such session, a timeout...) undid this message only.
        if (error.kind() == StoreError::Kind::Unavailable)
            failGroup(error);
        noteWrite(&error);
        later([failed, error] { failed(error); });
        if (m_groupOpen && m_group.isEmpty()) {
            // Nothing of the group is left to commit: end its transaction now rather than leave
            // it open (and holding its snapshot) until the next write.
            m_groupOpen = false;
            QSqlQuery(m_db).exec(m_queries.text(QStringLiteral("rollback")));
            return;
        }
        if (!m_groupOpen || m_flushScheduled)
            return;
        m_flushScheduled = true;
        later([this] { flushGroupCommit(); });
        return;
    }
    // Committed once this turn of the event loop has taken every request that arrived with it.
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        later([this] { flushGroupCommit(); });
    }
}

void SqlStore::flushGroupCommit()
{
    m_flushScheduled = false;
    if (!m_groupOpen)
        return;
    m_groupOpen = false;
    QList<PendingAppend> group;
    group.swap(m_group);
    try {
        execStatement(QStringLiteral("commit"));
        if (!group.isEmpty())
            noteWrite(nullptr);
    } catch (const StoreError &error) {
        for (auto &[name, query] : m_prepared)
            query.finish();
        QSqlQuery(m_db).exec(m_queries.text(QStringLiteral("rollback")));
        noteWrite(&error);
        for (const PendingAppend &pending : group)
            later([failed = pending.failed, error] { failed(error); });
        return;
    }
    // Answers go out only now that the group is durable.
    for (const PendingAppend &pending : group)
        later([done = pending.done, result = pending.result] { done(result); });
}

void SqlStore::failGroup(const StoreError &error)
{
    if (!m_groupOpen)
        return;
    m_groupOpen = false;
    for (auto &[name, query] : m_prepared)
        query.finish();
    QSqlQuery(m_db).exec(m_queries.text(QStringLiteral("rollback")));
    QList<PendingAppend> group;
    group.swap(m_group);
    for (const PendingAppend &pending : group)
        later([failed = pending.failed, error] { failed(error); });
}

void SqlStore::later(std::function<void()> work)
{
    // Deferred, so that no callback runs in the middle of another request's handling.
    QMetaObject::invokeMethod(&m_callbacks, std::move(work), Qt::QueuedConnection);
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
    return readOne<qint64>(query, [](const Row &q) { return q.value(0).toLongLong(); }).value_or(0);
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
    return readOne<qint64>(query, [](const Row &q) { return q.value(0).toLongLong(); }).value_or(0);
}

qint64 SqlStore::countMessages(const QString &sessionId, Role role)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("count_messages_by_role"));
    bind(query, "session_id", sessionId);
    bind(query, "role", roleName(role));
    exec(query, QStringLiteral("count_messages_by_role"));
    return readOne<qint64>(query, [](const Row &q) { return q.value(0).toLongLong(); }).value_or(0);
}

std::optional<UsageStats> SqlStore::usage(const QString &userKey)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_usage"));
    bind(query, "user_key", userKey);
    exec(query, QStringLiteral("select_usage"));
    return readOne<UsageStats>(query, readUsage);
}

QList<RateLimitHit> SqlStore::recordRateLimitHits(
    const QList<RateLimitHit> &hits, const QList<UsageCharge> &charges)
{
    if (hits.isEmpty() && charges.isEmpty())
        return {};
    const QDateTime now = m_clock->now();
    return inWriteTransaction([&] {
        QList<RateLimitHit> stored;
        for (const RateLimitHit &hit : hits) {
            const QDateTime at = hit.at.isValid() ? hit.at : now;
            QSqlQuery &add = prepared(QStringLiteral("add_rate_limit_hits"));
            bind(add, "at", timeValue(at));
            bind(add, "at_second", at.toMSecsSinceEpoch() / 1000);
            bind(add, "route", hit.route);
            bind(add, "key_kind", hit.keyKind);
            bind(add, "key", hit.key);
            bind(add, "client_ip", textOrNull(hit.clientIp));
            bind(add, "session_id", textOrNull(hit.sessionId));
            bind(add, "hit_count", std::max<qint64>(1, hit.count));
            exec(add, QStringLiteral("add_rate_limit_hits"));
            if (const auto row = readOne<RateLimitHit>(add, readRateLimitHit)) {
                stored.append(*row);
                publish(QStringLiteral("rate-limit-hit"), QString::number(row->id));
            }
        }
        for (const UsageCharge &charge : charges)
            chargeUsage(charge, now);
        return stored;
    });
}

qint64 SqlStore::deleteRateLimitHitsBefore(const QDateTime &before)
{
    return inWriteTransaction([&] {
        QSqlQuery &remove = prepared(QStringLiteral("delete_old_rate_limit_hits"));
        bind(remove, "before", before.toMSecsSinceEpoch());
        exec(remove, QStringLiteral("delete_old_rate_limit_hits"));
        const qint64 removed = remove.numRowsAffected();
        remove.finish();
        return removed;
    });
}

QList<RateLimitHit> SqlStore::rateLimitHits(const RateLimitHitFilter &filter)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_rate_limit_hits"));
    bind(query, "from",
        filter.from.isValid() ? filter.from.toMSecsSinceEpoch()
                              : std::numeric_limits<qint64>::min());
    bind(query, "to",
        filter.to.isValid() ? filter.to.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max());
    bind(query, "route", textOrNull(filter.route));
    bind(query, "route_again", textOrNull(filter.route));
    bind(query, "key", textOrNull(filter.key));
    bind(query, "key_again", textOrNull(filter.key));
    bind(query, "limit", filter.limit);
    bind(query, "offset", filter.offset);
    exec(query, QStringLiteral("select_rate_limit_hits"));
    return readAll<RateLimitHit>(query, readRateLimitHit);
}

QList<std::pair<QDateTime, qint64>> SqlStore::rateLimitHitsPerMinute(
    const QDateTime &from, const QDateTime &to)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_rate_limit_hits_per_minute"));
    bind(query, "from", from.toMSecsSinceEpoch());
    bind(query, "to", to.toMSecsSinceEpoch());
    exec(query, QStringLiteral("select_rate_limit_hits_per_minute"));
    QList<std::pair<QDateTime, qint64>> minutes;
    while (query.next())
        minutes.append({ timeFrom(query.value(0)), query.value(1).toLongLong() });
    query.finish();
    return minutes;
}

Agent SqlStore::addAgent(const Agent &agent)
{
    return inWriteTransaction([&] {
        Agent stored = agent;
        stored.createdAt = m_clock->now();
        QSqlQuery &insert = prepared(QStringLiteral("insert_agent"));
        bind(insert, "username", stored.username);
        bind(insert, "display_name", stored.displayName);
        bind(insert, "role", roleName(stored.role));
        bind(insert, "password_hash", textOrNull(stored.passwordHash));
        bind(insert, "token_hash", textOrNull(stored.tokenHash));
        bind(insert, "created_at", timeValue(stored.createdAt));
        exec(insert, QStringLiteral("insert_agent"));
        stored.id = readOne<qint64>(insert, [](const Row &q) {
            return q.value(0).toLongLong();
        }).value_or(0);
        return stored;
    });
}

bool SqlStore::removeAgent(const QString &username)
{
    return inWriteTransaction([&] {
        QSqlQuery &remove = prepared(QStringLiteral("delete_agent"));
        bind(remove, "username", username);
        exec(remove, QStringLiteral("delete_agent"));
        return remove.numRowsAffected() > 0;
    });
}

QList<Agent> SqlStore::agents()
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_agents"));
    exec(query, QStringLiteral("select_agents"));
    return readAll<Agent>(query, readAgent);
}

std::optional<Agent> SqlStore::agentByUsername(const QString &username)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_agent_by_username"));
    bind(query, "username", username);
    exec(query, QStringLiteral("select_agent_by_username"));
    return readOne<Agent>(query, readAgent);
}

std::optional<Agent> SqlStore::agentByTokenHash(const QString &tokenHash)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_agent_by_token_hash"));
    bind(query, "token_hash", tokenHash);
    bind(query, "token_hash_again", tokenHash);
    exec(query, QStringLiteral("select_agent_by_token_hash"));
    return readOne<Agent>(query, readAgent);
}

void SqlStore::addAgentToken(const QString &username, const QString &tokenHash)
{
    inWriteTransaction([&] {
        QSqlQuery &insert = prepared(QStringLiteral("insert_agent_token"));
        bind(insert, "token_hash", tokenHash);
        bind(insert, "username", username);
        bind(insert, "created_at", nowMs());
        bind(insert, "last_used_at", nowMs());
        exec(insert, QStringLiteral("insert_agent_token"));
    });
}

std::optional<std::pair<Agent, QDateTime>> SqlStore::agentBySignInToken(const QString &tokenHash)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_agent_by_sign_in_token"));
    bind(query, "token_hash", tokenHash);
    exec(query, QStringLiteral("select_agent_by_sign_in_token"));
    return readOne<std::pair<Agent, QDateTime>>(query, [](const Row &q) {
        return std::pair { readAgent(q), timeFrom(q.value("last_used_at")) };
    });
}

void SqlStore::touchAgentToken(const QString &tokenHash)
{
    inWriteTransaction([&] {
        QSqlQuery &update = prepared(QStringLiteral("touch_agent_token"));
        bind(update, "last_used_at", nowMs());
        bind(update, "token_hash", tokenHash);
        exec(update, QStringLiteral("touch_agent_token"));
    });
}

bool SqlStore::removeAgentToken(const QString &tokenHash)
{
    return inWriteTransaction([&] {
        QSqlQuery &remove = prepared(QStringLiteral("delete_agent_token"));
        bind(remove, "token_hash", tokenHash);
        exec(remove, QStringLiteral("delete_agent_token"));
        return remove.numRowsAffected() > 0;
    });
}

bool SqlStore::setAgentPassword(const QString &username, const QString &passwordHash)
{
    return inWriteTransaction([&] {
        QSqlQuery &update = prepared(QStringLiteral("update_agent_password"));
        bind(update, "password_hash", passwordHash);
        bind(update, "username", username);
        exec(update, QStringLiteral("update_agent_password"));
        if (update.numRowsAffected() == 0)
            return false;
        QSqlQuery &signOut = prepared(QStringLiteral("delete_agent_tokens_of"));
        bind(signOut, "username", username);
        exec(signOut, QStringLiteral("delete_agent_tokens_of"));
        return true;
    });
}

qint64 SqlStore::appendAudit(const AuditEntry &entry)
{
    return inWriteTransaction([&] {
        QSqlQuery &insert = prepared(QStringLiteral("insert_audit"));
        bind(insert, "at", timeValue(entry.at.isValid() ? entry.at : m_clock->now()));
        bind(insert, "actor", entry.actor);
        bind(insert, "action", entry.action);
        bind(insert, "target", textOrNull(entry.target));
        bind(insert, "detail", textOrNull(entry.detail));
        exec(insert, QStringLiteral("insert_audit"));
        return readOne<qint64>(insert, [](const Row &q) {
            return q.value(0).toLongLong();
        }).value_or(0);
    });
}

QList<AuditEntry> SqlStore::auditEntries(int limit, int offset)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_audit"));
    bind(query, "limit", limit);
    bind(query, "offset", offset);
    exec(query, QStringLiteral("select_audit"));
    return readAll<AuditEntry>(query, readAudit);
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

std::optional<RateLimitHit> SqlStore::rateLimitHit(qint64 id)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_rate_limit_hit"));
    bind(query, "id", id);
    exec(query, QStringLiteral("select_rate_limit_hit"));
    return readOne<RateLimitHit>(query, readRateLimitHit);
}

// ---- several nodes on one PostgreSQL ----------------------------------------------------------

void SqlStore::setClusterNode(const QString &node)
{
    if (m_dialect == SqlDialect::Postgresql)
        m_clusterNode = node;
}

void SqlStore::publish(const QString &kind, const QString &subject, qint64 number)
{
    if (m_clusterNode.isEmpty())
        return;
    QSqlQuery &insert = prepared(QStringLiteral("insert_cluster_event"));
    bind(insert, "node", m_clusterNode);
    bind(insert, "kind", kind);
    bind(insert, "subject", subject);
    bind(insert, "number", number);
    bind(insert, "actor", QStringLiteral(""));
    bind(insert, "at", nowMs());
    exec(insert, QStringLiteral("insert_cluster_event"));
    insert.finish();
}

qint64 SqlStore::clusterWatermark()
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_cluster_watermark"));
    exec(query, QStringLiteral("select_cluster_watermark"));
    return readOne<qint64>(query, [](const Row &q) { return q.value(0).toLongLong(); }).value_or(0);
}

ClusterEventBatch SqlStore::clusterEventsSince(qint64 watermark)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_cluster_events"));
    bind(query, "from", watermark);
    exec(query, QStringLiteral("select_cluster_events"));
    ClusterEventBatch batch;
    batch.watermark = watermark;
    const QList<std::pair<qint64, std::optional<ClusterEvent>>> rows
        = readAll<std::pair<qint64, std::optional<ClusterEvent>>>(query, [](const Row &q) {
              std::optional<ClusterEvent> event;
              if (!q.value("kind").isNull())
                  event = ClusterEvent { text(q, "node"), text(q, "kind"), text(q, "subject"),
                      q.value("number").toLongLong(), text(q, "actor") };
              return std::pair { q.value("watermark").toLongLong(), event };
          });
    for (const auto &[rowWatermark, event] : rows) {
        batch.watermark = std::max(batch.watermark, rowWatermark);
        if (event)
            batch.events.append(*event);
    }
    return batch;
}

void SqlStore::deleteClusterEventsBefore(const QDateTime &before)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("delete_old_cluster_events"));
    bind(query, "before", before.toMSecsSinceEpoch());
    exec(query, QStringLiteral("delete_old_cluster_events"));
    query.finish();
}

void SqlStore::listenForClusterEvents(std::function<void()> wake)
{
    m_clusterWake = std::move(wake);
    subscribeToClusterEvents();
}

void SqlStore::subscribeToClusterEvents()
{
    if (!m_clusterWake || m_dialect != SqlDialect::Postgresql)
        return;
    QSqlDriver *driver = m_db.driver();
    // The driver stays the same object across reconnections; the subscription does not.
    QObject::disconnect(driver, &QSqlDriver::notification, &m_callbacks, nullptr);
    QObject::connect(driver, &QSqlDriver::notification, &m_callbacks, [this] { m_clusterWake(); });
    if (!driver->subscribedToNotifications().contains(QStringLiteral("frontline_events"))
        && !driver->subscribeToNotification(QStringLiteral("frontline_events"))) {
        m_connectionSuspect = true;
        throw StoreError(StoreError::Kind::Unavailable,
            QCoreApplication::translate(
                "SqlStore", "Cannot listen for other nodes' events on %1: %2")
                .arg(m_url.displayString(), oneLine(driver->lastError())));
    }
}

RateLimitStep SqlStore::takeRateLimitSlot(
    const QList<RateLimitBucket> &buckets, int maxHits, qint64 sinceMs, qint64 nowMs, bool record)
{
    ensureConnected();
    QStringList names;
    QStringList owners;
    for (const RateLimitBucket &bucket : buckets) {
        names.append(digest(bucket.name));
        owners.append(digest(bucket.owner));
    }
    QSqlQuery &query = prepared(QStringLiteral("take_rate_limit_slot"));
    bind(query, "buckets", names.join(QLatin1Char('\n')));
    bind(query, "owners", owners.join(QLatin1Char('\n')));
    bind(query, "max_hits", maxHits);
    bind(query, "since", sinceMs);
    bind(query, "now", nowMs);
    bind(query, "record", record);
    exec(query, QStringLiteral("take_rate_limit_slot"));
    QHash<QString, QList<qint64>> byBucket;
    bool allowed = true;
    const auto rows = readAll<std::tuple<QString, QString, bool>>(query, [](const Row &q) {
        return std::tuple { q.value(0).toString(), q.value(1).toString(), q.value(2).toBool() };
    });
    for (const auto &[bucket, hits, passes] : rows) {
        allowed = allowed && passes;
        QList<qint64> times;
        // PostgreSQL's text form of an array: {1700000000000,1700000000500}
        for (const QString &item : QStringView(hits).mid(1).chopped(1).toString().split(
                 QLatin1Char(','), Qt::SkipEmptyParts))
            times.append(item.toLongLong());
        byBucket.insert(bucket, times);
    }
    RateLimitStep step;
    step.allowed = allowed;
    for (const QString &name : names)
        step.logs.append(byBucket.value(name));
    return step;
}

void SqlStore::sweepRateLimits(qint64 beforeMs)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("sweep_rate_limits"));
    bind(query, "before", beforeMs);
    exec(query, QStringLiteral("sweep_rate_limits"));
    query.finish();
}

void SqlStore::forgetRateLimitOwner(const QString &owner)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("forget_rate_limit_key"));
    bind(query, "owner", digest(owner));
    exec(query, QStringLiteral("forget_rate_limit_key"));
    query.finish();
}

void SqlStore::giveBackRateLimitSlot(const QList<RateLimitBucket> &buckets, qint64 atMs)
{
    ensureConnected();
    for (const RateLimitBucket &bucket : buckets) {
        QSqlQuery &query = prepared(QStringLiteral("give_back_rate_limit_slot"));
        bind(query, "at", atMs);
        bind(query, "at_again", atMs);
        bind(query, "at_check", atMs);
        bind(query, "bucket", digest(bucket.name));
        exec(query, QStringLiteral("give_back_rate_limit_slot"));
        query.finish();
    }
}

} // namespace frontline
