// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/serveroptions.h"
#include "store/databaseurl.h"
#include "temporarypostgres.h"

#include <QTemporaryDir>

namespace frontline::testsupport {

// Fresh, empty databases of both dialects for data-driven tests: every test body runs once
// on SQLite and once on PostgreSQL. PostgreSQL is a throwaway server of this test process;
// a test never skips it — if the server cannot start, the test fails.
class TestDatabases final
{
public:
    TestDatabases() = default;
    Q_DISABLE_COPY_MOVE(TestDatabases)

    // Starts PostgreSQL. Call from initTestCase(); QFAIL with errorString() when false.
    bool start();
    QString errorString() const;

    // For initTestCase_data() or a test's _data(): a "dialect" column with the rows
    // "sqlite" and "postgresql".
    static void addDialectRows();

    // A new empty database of `dialect` ("sqlite" or "postgresql").
    DatabaseUrl fresh(const QString &dialect);
    // The same, as the text a user would pass to --database.
    QString freshUrlText(const QString &dialect);

    // The newest schema version this build knows.
    static int latestSchemaVersion();

    // Options for a backend on a free loopback port over a new database of `dialect`.
    ServerOptions serverOptions(const QString &dialect);

    TemporaryPostgres &postgres() { return m_postgres; }
    QString scratchDir() const { return m_scratch.path(); }

private:
    TemporaryPostgres m_postgres;
    QTemporaryDir m_scratch;
    int m_sqliteCounter = 0;
    QString m_error;
};

} // namespace frontline::testsupport
