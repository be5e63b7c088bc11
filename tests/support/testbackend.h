// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/serveroptions.h"
#include "core/clock.h"
#include "domain/agent.h"

#include <QByteArray>

#include <memory>

namespace frontline {
class Backend;
class Store;
} // namespace frontline

namespace frontline::testsupport {

// A backend in this process, on the calling thread (the test's event loop serves it), with
// `options` (TestDatabases::serverOptions(): a free loopback port and a fresh database, plus
// what the test changes) and `clock`. Null when it cannot start; the reason is logged.
std::unique_ptr<Backend> startBackend(
    const ServerOptions &options, std::shared_ptr<const Clock> clock = nullptr);

// An agent added as `frontline agent add` adds one; its API token.
QByteArray addAgent(Store &store, const QString &username, const QString &displayName,
    AgentRole role = AgentRole::Agent);

} // namespace frontline::testsupport
