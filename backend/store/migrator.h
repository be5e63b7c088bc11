// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "databaseurl.h"
#include "sqlqueries.h"

#include <QSqlDatabase>

namespace frontline {

class SqlConnection;

// Brings a database's schema up to the newest migration this program knows. Each migration
// runs in its own transaction and is recorded in schema_migrations, so an interrupted
// upgrade resumes where it stopped. A database newer than the program is refused untouched.
//
// Migrating is one explicit step, run once at start before anything else opens a connection:
// opening a store or a connection never migrates.
class Migrator final
{
public:
    // Migrates the database on a connection of its own, closed afterwards. Its statements are
    // not held to the database timeout: migrating a big database may rightly take longer than
    // a request may wait. Throws StoreError as SqlConnection::open() and migrate() do.
    static void migrateDatabase(const DatabaseUrl &url);

    explicit Migrator(SqlConnection &connection);

    int latestVersion() const;
    int currentVersion(); // 0 for an empty database
    // Throws StoreError(SchemaTooNew) or StoreError(Failed). `where` names the database in
    // messages.
    void migrate(const QString &where);
    // Throws StoreError(SchemaTooNew) for a database newer than the program, and
    // StoreError(InvalidDatabase) for one not migrated yet; changes nothing.
    void requireLatest(const QString &where);

private:
    void ensureSchemaTable();
    void apply(const SqlQueries::Migration &migration, const QString &where);
    void exec(const QString &sql);
    [[noreturn]] void refuseNewer(int current, int latest, const QString &where) const;

    QSqlDatabase m_db;
    SqlDialect m_dialect;
    const SqlQueries &m_queries;
};

} // namespace frontline
