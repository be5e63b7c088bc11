// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apiclient.h"
#include "config/serveroptions.h"
#include "core/clock.h"
#include "testdatabases.h"

#include <QObject>

#include <memory>

namespace frontline {
class Backend;
} // namespace frontline

namespace frontline::testsupport {

// The frame of a data-driven API test: every test function runs once on SQLite and once on
// PostgreSQL, against a backend of its own over a fresh database, reached by real HTTP.
// A test derives from it and writes its own init(): options from optionsForThisRow() with
// what it changes, then startServer(), then its agents and customers. Qt Test runs the slots
// below as the derived test's own.
class ApiTestCase : public QObject
{
    Q_OBJECT

public:
    ApiTestCase();
    ~ApiTestCase() override;

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();

protected Q_SLOTS:
    // Protected so that a test with a cleanup() of its own calls this one from it.
    void cleanup();

protected:
    // Options for a backend on a free loopback port over a new database of this row's dialect.
    ServerOptions optionsForThisRow();
    // Starts m_backend with m_options and `clock` (stopping the one before) and points m_api at
    // it. False when it cannot start; the reason is logged.
    bool startServer(std::shared_ptr<const Clock> clock = nullptr);

    TestDatabases m_databases;
    ServerOptions m_options;
    std::unique_ptr<Backend> m_backend;
    ApiClient m_api;
};

} // namespace frontline::testsupport
