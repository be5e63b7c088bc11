// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/agent.h"

#include <QList>
#include <optional>

namespace frontline {

class Store;

struct NewAgent
{
    Agent agent;
    QString token; // shown once; only its hash is stored
};

// Who may use the agent API: agents are created with a token of 256 random bits, stored
// hashed; an operator may also set FRONTLINE_ADMIN_TOKEN for automation.
class AgentDirectory final
{
public:
    AgentDirectory(Store &store, QString adminToken);

    // Throws ApiError 400 for an invalid name, 409 for one already taken.
    NewAgent add(const QString &username, const QString &displayName, AgentRole role);
    bool remove(const QString &username);
    QList<Agent> list();
    // The agent this bearer token belongs to, if any.
    std::optional<Agent> authenticate(const QString &token);

    static bool isValidUsername(const QString &username);

private:
    Store &m_store;
    QString m_adminTokenHash;
};

} // namespace frontline
