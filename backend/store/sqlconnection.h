// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "databaseurl.h"
#include "sqldialect.h"
#include "sqlqueries.h"
#include "storeerror.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>
#include <memory>
#include <type_traits>
#include <unordered_map>

namespace frontline {

// One connection to Frontline's database, configured as Frontline needs it (SQLite: WAL,
// durable commits, a busy timeout, foreign keys; PostgreSQL: UTC, statement and lock
// timeouts), with its prepared statements, its transactions and the classification of its
// errors into StoreError. A connection that looks lost is opened again at its next use.
//
// Opening a connection never touches the schema: migrating is the Migrator's one explicit
// step at start. A connection belongs to the thread that opened it (Qt cannot move one).
class SqlConnection final
{
public:
    enum class Timeouts {
        Held, // statements fail after url.timeoutMs: what serving requests needs
        None, // for migrating, which may rightly take longer than a request may wait
    };

    // Opens (creating a SQLite file if needed) and configures the connection. Throws
    // StoreError with a message naming the database and what to do.
    static std::unique_ptr<SqlConnection> open(
        const DatabaseUrl &url, Timeouts timeouts = Timeouts::Held);
    ~SqlConnection();
    Q_DISABLE_COPY_MOVE(SqlConnection)

    SqlDialect dialect() const { return m_dialect; }
    const DatabaseUrl &url() const { return m_url; }
    const SqlQueries &queries() const { return m_queries; }
    QSqlDatabase database() const { return m_db; }

    // Reconnects if the connection looked lost; throws StoreError(Unavailable) if it still is.
    void ensureConnected();
    // The connection looks lost: reconnect at the next use (PostgreSQL; logged once).
    void suspect(const QString &reason);
    // The same, unlogged: the caller says why itself.
    void reconnectAtNextUse() { m_suspect = true; }
    // Runs after each reconnection: what lived on the old connection (a LISTEN) is gone.
    void setReconnectedHandler(std::function<void()> handler);

    // A prepared statement of m_queries, prepared once per connection and reused.
    QSqlQuery &prepared(const QString &name);
    void exec(QSqlQuery &query, const QString &name);
    void execText(const QString &sql);
    void execStatement(const QString &name); // a fixed statement of m_queries, such as "commit"
    // Begins a write transaction. A connection found lost at this first statement (a
    // database restarted while it sat idle) is opened again and asked once more: nothing
    // had been done on it.
    void beginWrite();
    // Finishes every prepared statement: none holds a result (or SQLite's read snapshot).
    void finishStatements();
    // Finishes every prepared statement and rolls back what is open, ignoring errors.
    void rollBack();
    [[noreturn]] void fail(const QSqlError &error, const QString &what);
    // How many statements this connection has executed (each one round trip on PostgreSQL),
    // the failed ones included; preparing one, done once per connection, is not counted.
    qint64 statementsExecuted() const { return m_statementsExecuted; }
    // Before a statement that must not be sent twice: a connection that sat idle for a while
    // (a database restarted meanwhile) is asked a trivial query first, and opened again if
    // that fails, so that the statement goes to a live connection.
    void pingIfIdle();

    // The last write failed because of the database (disk full, I/O error, lost connection),
    // or a statement timed out, and no write has succeeded since.
    bool writesFailing() const { return m_writesFailing; }
    // The outcome of a write (nullptr: committed), for writesFailing() and the log.
    void noteWrite(const StoreError *failure);

    // Runs `work` in a write transaction: committed if it returns, rolled back if it throws.
    template <typename Work>
    auto inWriteTransaction(Work &&work);

private:
    SqlConnection(const DatabaseUrl &url, Timeouts timeouts);

    void connect();
    void configure();

    DatabaseUrl m_url;
    SqlDialect m_dialect;
    SqlQueries m_queries;
    Timeouts m_timeouts;
    QString m_name;
    QSqlDatabase m_db;
    std::unordered_map<QString, QSqlQuery> m_prepared; // QSqlQuery cannot be copied
    std::function<void()> m_reconnected;
    bool m_suspect = false; // the last error looked like a lost connection
    bool m_writesFailing = false; // the last write failed for the database's sake
    qint64 m_statementsExecuted = 0;
    QElapsedTimer m_sinceUse; // since the last statement
};

template <typename Work>
auto SqlConnection::inWriteTransaction(Work &&work)
{
    try {
        beginWrite();
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

} // namespace frontline
