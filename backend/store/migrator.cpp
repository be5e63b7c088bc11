// SPDX-License-Identifier: GPL-3.0-or-later
#include "migrator.h"

#include "core/logging.h"
#include "sqlconnection.h"
#include "storeerror.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace frontline {

void Migrator::migrateDatabase(const DatabaseUrl &url)
{
    const auto connection = SqlConnection::open(url, SqlConnection::Timeouts::None);
    Migrator(*connection).migrate(url.displayString());
}

Migrator::Migrator(SqlConnection &connection)
    : m_db(connection.database())
    , m_dialect(connection.dialect())
    , m_queries(connection.queries())
{
}

int Migrator::latestVersion() const
{
    const auto migrations = m_queries.migrations();
    return migrations.isEmpty() ? 0 : migrations.constLast().version;
}

int Migrator::currentVersion()
{
    if (!m_db.tables().contains(QStringLiteral("schema_migrations")))
        return 0;
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations"))) {
        throw StoreError(StoreError::Kind::Failed,
            QCoreApplication::translate("Migrator", "Cannot read the schema version: %1")
                .arg(query.lastError().text()));
    }
    return query.next() ? query.value(0).toInt() : 0;
}

void Migrator::migrate(const QString &where)
{
    ensureSchemaTable();
    const int current = currentVersion();
    const int latest = latestVersion();
    if (current > latest)
        refuseNewer(current, latest, where);
    for (const auto &migration : m_queries.migrations()) {
        if (migration.version > current)
            apply(migration, where);
    }
}

void Migrator::requireLatest(const QString &where)
{
    const int current = currentVersion();
    const int latest = latestVersion();
    if (current > latest)
        refuseNewer(current, latest, where);
    if (current < latest) {
        throw StoreError(StoreError::Kind::InvalidDatabase,
            QCoreApplication::translate("Migrator",
                "The database %1 has schema version %2, older than the version %3 this "
                "Frontline needs: migrate it first (Frontline does so when it starts).")
                .arg(where)
                .arg(current)
                .arg(latest));
    }
}

void Migrator::refuseNewer(int current, int latest, const QString &where) const
{
    throw StoreError(StoreError::Kind::SchemaTooNew,
        QCoreApplication::translate("Migrator",
            "The database %1 has schema version %2, newer than the "
            "version %3 this Frontline knows; it was left untouched. "
            "Run a newer Frontline, or choose another database.")
            .arg(where)
            .arg(current)
            .arg(latest));
}

void Migrator::ensureSchemaTable()
{
    // Under the schema lock: two nodes starting together on a new PostgreSQL database would
    // otherwise both create the table, and one would fail (IF NOT EXISTS does not serialise).
    exec(m_queries.text(QStringLiteral("begin_write")));
    try {
        if (m_dialect == SqlDialect::Postgresql)
            exec(m_queries.text(QStringLiteral("lock_schema")));
        exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                            "applied_at BIGINT NOT NULL)"));
        exec(m_queries.text(QStringLiteral("commit")));
    } catch (const StoreError &) {
        QSqlQuery(m_db).exec(m_queries.text(QStringLiteral("rollback")));
        throw;
    }
}

void Migrator::apply(const SqlQueries::Migration &migration, const QString &where)
{
    exec(m_queries.text(QStringLiteral("begin_write")));
    try {
        if (m_dialect == SqlDialect::Postgresql)
            exec(m_queries.text(QStringLiteral("lock_schema")));
        // Another node may have applied it while we waited for the lock.
        QSqlQuery check(m_db);
        check.prepare(QStringLiteral("SELECT COUNT(*) FROM schema_migrations WHERE version = :v"));
        check.bindValue(QStringLiteral(":v"), migration.version);
        if (!check.exec() || !check.next())
            throw StoreError(StoreError::Kind::Failed, check.lastError().text());
        const bool applied = check.value(0).toInt() > 0;
        // Done reading: SQLite refuses to drop a table or an index while a read is open.
        check.finish();
        if (!applied) {
            const QStringList statements = SqlQueries::splitStatements(migration.script);
            for (const QString &statement : statements)
                exec(statement);
            QSqlQuery record(m_db);
            record.prepare(
                QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) "
                               "VALUES (:version, :name, :at)"));
            record.bindValue(QStringLiteral(":version"), migration.version);
            record.bindValue(QStringLiteral(":name"), migration.name);
            record.bindValue(QStringLiteral(":at"), QDateTime::currentMSecsSinceEpoch());
            if (!record.exec())
                throw StoreError(StoreError::Kind::Failed, record.lastError().text());
            qCInfo(lcMigrations, "Applied migration %s to %s", qUtf8Printable(migration.name),
                qUtf8Printable(where));
        }
        exec(m_queries.text(QStringLiteral("commit")));
    } catch (const StoreError &error) {
        QSqlQuery(m_db).exec(m_queries.text(QStringLiteral("rollback")));
        throw StoreError(error.kind(),
            QCoreApplication::translate(
                "Migrator", "Migration %1 of %2 failed and was rolled back: %3")
                .arg(migration.name, where, error.message()));
    }
}

void Migrator::exec(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql)) {
        throw StoreError(StoreError::Kind::Failed,
            QCoreApplication::translate("Migrator", "%1 (in: %2)")
                .arg(query.lastError().text(), sql.left(80).simplified()));
    }
}

} // namespace frontline
