// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlconnection.h"

#include "core/logging.h"
#include "sqlerrors.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QFileInfo>
#include <QSqlError>

namespace frontline {

namespace {

QString newConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("frontline-store-%1").arg(counter.fetchAndAddRelaxed(1) + 1);
}

// SQLite's WAL: checkpointed every this many pages (its default is 1,000, 4 MiB), and cut
// back to this size after each checkpoint.
constexpr int WalCheckpointPages = 256;
constexpr qint64 WalSizeLimitBytes = 1024 * 1024;

} // namespace

std::unique_ptr<SqlConnection> SqlConnection::open(const DatabaseUrl &url, Timeouts timeouts)
{
    std::unique_ptr<SqlConnection> connection(new SqlConnection(url, timeouts));
    connection->connect();
    return connection;
}

SqlConnection::SqlConnection(const DatabaseUrl &url, Timeouts timeouts)
    : m_url(url)
    , m_dialect(url.kind == DatabaseUrl::Kind::Sqlite ? SqlDialect::Sqlite : SqlDialect::Postgresql)
    , m_queries(m_dialect)
    , m_timeouts(timeouts)
    , m_name(newConnectionName())
{
}

SqlConnection::~SqlConnection()
{
    m_prepared.clear(); // queries must go before their connection
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

void SqlConnection::connect()
{
    const QString driver = m_url.driverName();
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        const QString package = m_dialect == SqlDialect::Sqlite
            ? QStringLiteral("libqt6sql6-sqlite")
            : QStringLiteral("libqt6sql6-psql");
        throw StoreError(StoreError::Kind::Unavailable,
            QCoreApplication::translate("SqlConnection",
                "Qt's %1 database driver is not installed: install the "
                "%2 package.")
                .arg(driver, package));
    }

    if (m_dialect == SqlDialect::Sqlite) {
        const QFileInfo file(m_url.sqlitePath);
        const QFileInfo folder(file.absolutePath());
        if (file.exists() && !file.isFile()) {
            throw StoreError(StoreError::Kind::InvalidDatabase,
                QCoreApplication::translate("SqlConnection",
                    "The SQLite database path %1 is not a file: choose "
                    "a file path.")
                    .arg(file.filePath()));
        }
        if (!folder.isDir()) {
            throw StoreError(StoreError::Kind::Unavailable,
                QCoreApplication::translate("SqlConnection",
                    "Cannot create the SQLite database %1: the folder %2 "
                    "does not exist. Create it or choose another path.")
                    .arg(file.filePath(), folder.filePath()));
        }
        if (!folder.isWritable()) {
            throw StoreError(StoreError::Kind::Unavailable,
                QCoreApplication::translate("SqlConnection",
                    "Cannot use the SQLite database %1: the folder %2 is "
                    "not writable. Choose a writable folder.")
                    .arg(file.filePath(), folder.filePath()));
        }
    }

    m_db = m_url.addConnection(m_name);
    if (!m_db.open()) {
        if (m_dialect == SqlDialect::Sqlite) {
            throw StoreError(StoreError::Kind::Unavailable,
                QCoreApplication::translate("SqlConnection",
                    "Cannot open the SQLite database %1: %2. Check that "
                    "the file and its folder are writable.")
                    .arg(m_url.sqlitePath, sql::oneLine(m_db.lastError())));
        }
        throw StoreError(StoreError::Kind::Unavailable,
            QCoreApplication::translate("SqlConnection",
                "Cannot connect to PostgreSQL at %1:%2 (database \"%3\", "
                "user \"%4\"): %5. Check that the server is running and "
                "that the URL is right.")
                .arg(m_url.host)
                .arg(m_url.port)
                .arg(m_url.databaseName, m_url.user, sql::oneLine(m_db.lastError())));
    }
    configure();
}

void SqlConnection::configure()
{
    try {
        if (m_dialect == SqlDialect::Sqlite) {
            // WAL lets readers work during a write; synchronous=FULL makes every commit
            // durable across a crash of the process or the machine; the busy timeout makes a
            // second writer wait instead of failing.
            QSqlQuery journal(m_db);
            ++m_statementsExecuted;
            if (!journal.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !journal.next())
                fail(journal.lastError(),
                    QCoreApplication::translate("SqlConnection", "switching to WAL"));
            if (journal.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive)
                != 0) {
                throw StoreError(StoreError::Kind::Unavailable,
                    QCoreApplication::translate("SqlConnection",
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
            // SQLite's busy timeout is set above, with the connection.
            if (m_timeouts == Timeouts::Held) {
                execText(QStringLiteral("SET statement_timeout = %1").arg(m_url.timeoutMs));
                execText(QStringLiteral("SET lock_timeout = %1").arg(m_url.timeoutMs));
            }
        }
    } catch (const StoreError &error) {
        if (m_dialect == SqlDialect::Sqlite) {
            // SQLITE_NOTADB: refuse without touching the file.
            if (error.message().contains(QLatin1String("not a database"))) {
                throw StoreError(StoreError::Kind::InvalidDatabase,
                    QCoreApplication::translate("SqlConnection",
                        "The file %1 is not a SQLite database (or is "
                        "damaged); it was left untouched. Choose another "
                        "path.")
                        .arg(m_url.sqlitePath));
            }
            throw StoreError(error.kind(),
                QCoreApplication::translate(
                    "SqlConnection", "Cannot use the SQLite database %1: %2")
                    .arg(m_url.sqlitePath, error.message()));
        }
        throw;
    }
}

void SqlConnection::ensureConnected()
{
    if (!m_suspect)
        return;
    // Every request during an outage tries again; only the changes of state are logged
    // (lost in fail(), back here), not each attempt.
    m_prepared.clear(); // prepared statements died with the old connection
    m_db.close();
    if (!m_db.open()) {
        throw StoreError(StoreError::Kind::Unavailable,
            QCoreApplication::translate("SqlConnection", "The database %1 is unavailable: %2")
                .arg(m_url.displayString(), sql::oneLine(m_db.lastError())));
    }
    configure();
    m_suspect = false;
    if (m_reconnected)
        m_reconnected(); // a new connection listens to nothing yet
    qCInfo(lcStore, "Reconnected to %s", qUtf8Printable(m_url.displayString()));
}

void SqlConnection::suspect(const QString &reason)
{
    if (m_dialect != SqlDialect::Postgresql)
        return;
    if (!m_suspect)
        qCWarning(lcStore, "Lost the connection to %s (%s); reconnecting at the next request",
            qUtf8Printable(m_url.displayString()), qUtf8Printable(reason));
    m_suspect = true;
}

void SqlConnection::setReconnectedHandler(std::function<void()> handler)
{
    m_reconnected = std::move(handler);
}

void SqlConnection::noteWrite(const StoreError *failure)
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

QSqlQuery &SqlConnection::prepared(const QString &name)
{
    if (const auto found = m_prepared.find(name); found != m_prepared.end())
        return found->second;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(m_queries.text(name)))
        fail(query.lastError(),
            QCoreApplication::translate("SqlConnection", "preparing %1").arg(name));
    return m_prepared.emplace(name, std::move(query)).first->second;
}

void SqlConnection::exec(QSqlQuery &query, const QString &name)
{
    ++m_statementsExecuted;
    m_sinceUse.start();
    if (!query.exec())
        fail(query.lastError(), name);
}

void SqlConnection::execText(const QString &sql)
{
    ++m_statementsExecuted;
    m_sinceUse.start();
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        fail(query.lastError(), sql);
}

void SqlConnection::execStatement(const QString &name)
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

void SqlConnection::pingIfIdle()
{
    constexpr qint64 IdleMs = 1000;
    ensureConnected();
    if (m_dialect == SqlDialect::Sqlite || (m_sinceUse.isValid() && m_sinceUse.elapsed() < IdleMs))
        return;
    try {
        QSqlQuery &ping = prepared(QStringLiteral("ping"));
        exec(ping, QStringLiteral("ping"));
        ping.finish();
    } catch (const StoreError &error) {
        if (error.kind() != StoreError::Kind::Unavailable)
            throw;
        reconnectAtNextUse();
        ensureConnected();
    }
}

void SqlConnection::beginWrite()
{
    ensureConnected();
    try {
        execStatement(QStringLiteral("begin_write"));
    } catch (const StoreError &error) {
        if (error.kind() != StoreError::Kind::Unavailable || m_dialect == SqlDialect::Sqlite)
            throw;
        reconnectAtNextUse();
        ensureConnected();
        execStatement(QStringLiteral("begin_write"));
    }
}

void SqlConnection::finishStatements()
{
    for (auto &[name, query] : m_prepared)
        query.finish();
}

void SqlConnection::rollBack()
{
    finishStatements();
    ++m_statementsExecuted;
    QSqlQuery(m_db).exec(m_queries.text(QStringLiteral("rollback")));
}

void SqlConnection::fail(const QSqlError &error, const QString &what)
{
    if (sql::isConflict(m_dialect, error)) {
        throw StoreError(StoreError::Kind::Conflict,
            QCoreApplication::translate("SqlConnection", "The database refused %1: %2")
                .arg(what, sql::oneLine(error)));
    }
    if (sql::isBusy(m_dialect, error)) {
        const StoreError busy(StoreError::Kind::Busy,
            QCoreApplication::translate(
                "SqlConnection", "The database %1 did not answer within %2 ms (%3): %4")
                .arg(m_url.displayString())
                .arg(m_url.timeoutMs)
                .arg(what, sql::oneLine(error)));
        // Counted as a failed write even when a read timed out (the check for a retried
        // message before it is stored, say): the request that wanted to write failed with it.
        noteWrite(&busy);
        throw busy;
    }
    if (sql::isUnavailable(m_dialect, error)) {
        suspect(sql::oneLine(error));
        throw StoreError(StoreError::Kind::Unavailable,
            QCoreApplication::translate("SqlConnection", "The database %1 is unavailable (%2): %3")
                .arg(m_url.displayString(), what, sql::oneLine(error)));
    }
    throw StoreError(StoreError::Kind::Failed,
        QCoreApplication::translate("SqlConnection", "The database failed %1: %2")
            .arg(what, sql::oneLine(error)));
}

} // namespace frontline
