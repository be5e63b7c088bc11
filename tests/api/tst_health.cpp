// SPDX-License-Identifier: GPL-3.0-or-later
// GET /healthz over real HTTP against an in-process backend, on both databases, including
// a PostgreSQL outage and recovery.

#include "apiclient.h"
#include "manualclock.h"
#include "server/backend.h"
#include "testbackend.h"
#include "testdatabases.h"

#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

class TestHealth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { TestDatabases::addDialectRows(); }
    void initTestCase() { QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString())); }
    void init()
    {
        QFETCH_GLOBAL(QString, dialect);
        m_clock = std::make_shared<ManualClock>();
        m_backend = startBackend(m_databases.serverOptions(dialect), m_clock);
        QVERIFY(m_backend);
        m_api.setBaseUrl(m_backend->url());
        QVERIFY(m_backend->url().startsWith(QLatin1String("http://127.0.0.1:")));
    }
    void cleanup() { m_backend.reset(); }

    void answersOkWithTheDatabaseAndVersions()
    {
        QFETCH_GLOBAL(QString, dialect);
        const auto result = m_api.get(QStringLiteral("/healthz"));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.header("Content-Type"), QByteArrayLiteral("application/json"));
        QCOMPARE(result.header("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
        const QJsonObject body = result.json();
        QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(body.value(QStringLiteral("database")).toString(), dialect);
        QCOMPARE(body.value(QStringLiteral("schemaVersion")).toInt(),
            TestDatabases::latestSchemaVersion());
        QCOMPARE(body.value(QStringLiteral("writes")).toString(), QStringLiteral("ok"));
        QCOMPARE(
            body.value(QStringLiteral("version")).toString(), QStringLiteral(FRONTLINE_VERSION));
        QCOMPARE(body.size(), 5);
    }

    void answersUnknownRoutesWithAJsonNotFound()
    {
        const auto result = m_api.get(QStringLiteral("/no/such/route"));
        QCOMPARE(result.status, 404);
        QCOMPARE(result.header("Content-Type"), QByteArrayLiteral("application/json"));
        QCOMPARE(errorCode(result), QStringLiteral("not_found"));
    }

    void reportsAnUnreachableDatabaseAndRecovers()
    {
        QFETCH_GLOBAL(QString, dialect);
        if (dialect != QLatin1String("postgresql"))
            QSKIP("a SQLite file cannot become unreachable the way a server can");
        const QString healthz = QStringLiteral("/healthz");
        QCOMPARE(m_api.get(healthz).status, 200);

        QVERIFY(m_databases.postgres().stop());
        m_clock->advance(1000); // the last answer is a second old: the database is asked again
        const auto down = m_api.get(healthz);
        QCOMPARE(down.status, 503);
        QCOMPARE(
            down.json().value(QStringLiteral("status")).toString(), QStringLiteral("unavailable"));
        QCOMPARE(
            down.json().value(QStringLiteral("database")).toString(), QStringLiteral("postgresql"));
        QCOMPARE(down.json().value(QStringLiteral("schemaVersion")).toInt(),
            TestDatabases::latestSchemaVersion());
        // The API fails fast and says so, rather than hanging or pretending.
        const auto refused = m_api.createSession().created;
        QCOMPARE(refused.status, 503);
        QCOMPARE(errorCode(refused), QStringLiteral("unavailable"));

        QVERIFY2(m_databases.postgres().start(), qPrintable(m_databases.postgres().errorString()));
        m_clock->advance(1000);
        const auto up = m_api.get(healthz);
        QCOMPARE(up.status, 200);
        QCOMPARE(up.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(m_api.createSession().created.status, 201);
    }

    void asksTheDatabaseAtMostOnceASecond()
    {
        QFETCH_GLOBAL(QString, dialect);
        if (dialect != QLatin1String("postgresql"))
            QSKIP("a SQLite file cannot become unreachable the way a server can");
        // Health checks come every second or more often, from several checkers: while the
        // database is slow they must neither wait for it nor add to its load.
        const QString healthz = QStringLiteral("/healthz");
        QCOMPARE(m_api.get(healthz).status, 200);
        QVERIFY(m_databases.postgres().stop());
        m_clock->advance(999);
        const auto cached = m_api.get(healthz);
        QCOMPARE(cached.status, 200); // the answer of 999 ms ago: the database was not asked
        QCOMPARE(cached.json().value(QStringLiteral("schemaVersion")).toInt(),
            TestDatabases::latestSchemaVersion());
        m_clock->advance(1);
        QCOMPARE(m_api.get(healthz).status, 503);
        QVERIFY2(m_databases.postgres().start(), qPrintable(m_databases.postgres().errorString()));
        QCOMPARE(m_api.get(healthz).status, 503); // the same second
        m_clock->advance(1000);
        QCOMPARE(m_api.get(healthz).status, 200);
    }

private:
    std::shared_ptr<ManualClock> m_clock;
    TestDatabases m_databases;
    ApiClient m_api;
    std::unique_ptr<Backend> m_backend;
};

QTEST_GUILESS_MAIN(TestHealth)
#include "tst_health.moc"
