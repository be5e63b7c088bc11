// SPDX-License-Identifier: GPL-3.0-or-later
#include "testdatabases.h"

#include "store/sqlqueries.h"

#include <QTest>

namespace frontline::testsupport {

bool TestDatabases::start()
{
    if (!m_scratch.isValid()) {
        m_error
            = QStringLiteral("Cannot create a temporary folder: %1").arg(m_scratch.errorString());
        return false;
    }
    if (!m_postgres.start()) {
        m_error = m_postgres.errorString();
        return false;
    }
    return true;
}

QString TestDatabases::errorString() const
{
    return m_error;
}

void TestDatabases::addDialectRows()
{
    QTest::addColumn<QString>("dialect");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

QString TestDatabases::freshUrlText(const QString &dialect)
{
    if (dialect == QLatin1String("sqlite")) {
        return QStringLiteral("sqlite:%1/test-%2.db").arg(m_scratch.path()).arg(++m_sqliteCounter);
    }
    const QString url = m_postgres.createDatabase();
    if (url.isEmpty())
        qFatal("Cannot create a PostgreSQL test database: %s",
            qUtf8Printable(m_postgres.errorString()));
    return url;
}

DatabaseUrl TestDatabases::fresh(const QString &dialect)
{
    QString error;
    const auto url = DatabaseUrl::parse(freshUrlText(dialect), m_scratch.path(), &error);
    if (!url)
        qFatal("Test database URL rejected: %s", qUtf8Printable(error));
    return *url;
}

int TestDatabases::latestSchemaVersion()
{
    return SqlQueries(SqlDialect::Sqlite).migrations().constLast().version;
}

ServerOptions TestDatabases::serverOptions(const QString &dialect)
{
    ServerOptions options;
    options.listen.port = 0;
    options.database = fresh(dialect);
    options.dataDir = m_scratch.path();
    return options;
}

} // namespace frontline::testsupport
