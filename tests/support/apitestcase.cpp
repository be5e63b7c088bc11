// SPDX-License-Identifier: GPL-3.0-or-later
#include "apitestcase.h"

#include "server/backend.h"
#include "testbackend.h"

#include <QTest>

namespace frontline::testsupport {

ApiTestCase::ApiTestCase() = default;
ApiTestCase::~ApiTestCase() = default;

void ApiTestCase::initTestCase_data()
{
    TestDatabases::addDialectRows();
}

void ApiTestCase::initTestCase()
{
    QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString()));
}

void ApiTestCase::cleanup()
{
    m_backend.reset();
}

ServerOptions ApiTestCase::optionsForThisRow()
{
    QFETCH_GLOBAL(QString, dialect);
    return m_databases.serverOptions(dialect);
}

bool ApiTestCase::startServer(std::shared_ptr<const Clock> clock)
{
    m_backend.reset();
    m_backend = startBackend(m_options, std::move(clock));
    if (!m_backend)
        return false;
    m_api.setBaseUrl(m_backend->url());
    return true;
}

} // namespace frontline::testsupport
