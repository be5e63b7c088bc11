// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/agent.h"
#include "security/passwordhasher.h"
#include "security/ratelimiter.h"

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
    AgentDirectory(Store &store, QString adminToken, std::shared_ptr<const Clock> clock = nullptr,
                   PasswordHasher hasher = PasswordHasher());

    // Throws ApiError 400 for an invalid name, 409 for one already taken.
    NewAgent add(const QString &username, const QString &displayName, AgentRole role);
    bool remove(const QString &username);
    QList<Agent> list();
    // The agent this bearer token belongs to, if any.
    std::optional<Agent> authenticate(const QString &token);
    // The name customers see for the agent `username` (the administrator of
    // FRONTLINE_ADMIN_TOKEN included); empty when there is no such agent.
    QString displayNameOf(const QString &username);
    // Throws ApiError 400 for a password shorter than 10 characters, 404 for no such agent.
    void setPassword(const QString &username, const QString &password);
    // A new token for the agent whose password this is. Failed attempts are limited per
    // client address (5 in any 5 minutes): then 429, whatever the password.
    NewAgent login(const QString &username, const QString &password, const QString &clientIp);

    static bool isValidUsername(const QString &username);

private:
    Store &m_store;
    QString m_adminTokenHash;
    PasswordHasher m_hasher;
    RateLimiter m_failedLogins;
};

} // namespace frontline
