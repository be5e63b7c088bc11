// SPDX-License-Identifier: GPL-3.0-or-later
#include "testbackend.h"

#include "agents/agentaccounts.h"
#include "server/backend.h"

namespace frontline::testsupport {

std::unique_ptr<Backend> startBackend(
    const ServerOptions &options, std::shared_ptr<const Clock> clock)
{
    auto backend = std::make_unique<Backend>(options, std::move(clock));
    if (!backend->start()) {
        qWarning("The backend did not start: %s", qUtf8Printable(backend->errorString()));
        return nullptr;
    }
    return backend;
}

QByteArray addAgent(
    Store &store, const QString &username, const QString &displayName, AgentRole role)
{
    return AgentAccounts(store).add(username, displayName, role).token.toLatin1();
}

} // namespace frontline::testsupport
