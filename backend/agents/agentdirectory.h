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

    // The same in three steps, so that the slow one (PBKDF2, some 0.3 s) runs off the
    // server's thread. One: throttle (429) and find the hash the password must match (a
    // decoy's when there is no such agent, so names do not leak by timing).
    struct LoginAttempt
    {
        QString username;
        QString clientIp;
        std::optional<Agent> agent;
        QString passwordHash;
    };
    LoginAttempt startLogin(const QString &username, const QString &clientIp);
    // Two, on any thread: a copy of the hasher checks the password.
    PasswordHasher hasher() const { return m_hasher; }
    // Three, on the server's thread again: a token, or 401 and one more failure counted.
    NewAgent finishLogin(const LoginAttempt &attempt, bool passwordMatches);

    static bool isValidUsername(const QString &username);

private:
    Store &m_store;
    QString m_adminTokenHash;
    PasswordHasher m_hasher;
    RateLimiter m_failedLogins;
};

} // namespace frontline
