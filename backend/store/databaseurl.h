// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace frontline {

// Where the data lives, parsed from --database / DATABASE_URL:
//   sqlite:RELATIVE_OR_ABSOLUTE_PATH
//   postgresql://user:password@host:port/dbname[?sslmode=...&connect_timeout=...]
struct DatabaseUrl
{
    enum class Kind { Sqlite, Postgresql };

    Kind kind = Kind::Sqlite;
    QString sqlitePath; // absolute, for Kind::Sqlite
    QString host; // for Kind::Postgresql
    int port = 5432;
    QString user;
    QString password;
    QString databaseName;
    QString connectOptions; // QPSQL options, "key=value;key=value"
    // How long one statement may wait for a lock or run before it fails
    // (FRONTLINE_DATABASE_TIMEOUT): PostgreSQL's statement_timeout and lock_timeout, SQLite's busy
    // timeout. A request then fails fast with 503 instead of freezing the server behind a locked
    // table.
    int timeoutMs = 5000;

    // Parses `text`; on failure returns nullopt and sets `error` to one sentence that names
    // the problem and says what a valid URL looks like. Relative SQLite paths are resolved
    // against `baseDir`.
    static std::optional<DatabaseUrl> parse(
        const QString &text, const QString &baseDir, QString *error);
    static DatabaseUrl sqliteFile(const QString &absolutePath);

    QString dialectName() const; // "sqlite" or "postgresql"
    QString driverName() const; // "QSQLITE" or "QPSQL"
    // Registers a (not yet opened) QSqlDatabase connection named `connectionName` for this URL.
    QSqlDatabase addConnection(const QString &connectionName) const;
    // The same database, for a connection that PostgreSQL shows under `name` (in
    // pg_stat_activity), so that operators can tell Frontline's connections apart.
    DatabaseUrl withApplicationName(const QString &name) const;
    QString displayString() const; // the URL with the password masked, for messages and logs
    // `text` as given (valid or not) with its password masked: everything between the user's
    // ':' and the last '@' (a password may hold '@' and ':'), for messages and --print-config.
    static QString maskPassword(const QString &text);
};

} // namespace frontline
