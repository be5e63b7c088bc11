// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sqlqueries.h"

#include <QSqlDatabase>

namespace frontline {

// Brings a database's schema up to the newest migration this program knows. Each migration
// runs in its own transaction and is recorded in schema_migrations, so an interrupted
// upgrade resumes where it stopped. A database newer than the program is refused untouched.
class Migrator final
{
public:
    Migrator(QSqlDatabase database, SqlDialect dialect, const SqlQueries &queries);

    int latestVersion() const;
    int currentVersion();          // 0 for an empty database
    // Throws StoreError(SchemaTooNew) or StoreError(Failed). `where` names the database in
    // messages.
    void migrate(const QString &where);

private:
    void ensureSchemaTable();
    void apply(const SqlQueries::Migration &migration, const QString &where);
    void exec(const QString &sql);

    QSqlDatabase m_db;
    SqlDialect m_dialect;
    const SqlQueries &m_queries;
};

} // namespace frontline
