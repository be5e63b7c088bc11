// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agents/signinthrottle.h"
#include "domain/agent.h"
#include "security/passwordhasher.h"

#include <QList>

#include <chrono>
#include <optional>

namespace frontline {

class RateLimitLedger;
class Store;

struct NewAgent
{
    Agent agent;
    QString token; // shown once; only its hash is stored
};

// Who may use the agent API. Two kinds of agent token, both stored hashed:
// - an API token of 256 random bits, given once by `frontline agent add`: for automation, it
//   never expires and ends with the agent (`frontline agent remove`);
// - a sign-in token from POST /api/agent/login: it ends at sign-out, at a new password, with
//   the agent, or after `sessionLifetime` without use (each use renews it).
// An operator may also set FRONTLINE_ADMIN_TOKEN for automation; it signs in as "admin", a
// name no stored agent may have.
class AgentDirectory final
{
public:
    AgentDirectory(Store &store, QString adminToken, std::shared_ptr<const Clock> clock = nullptr,
        PasswordHasher hasher = PasswordHasher(),
        std::chrono::seconds sessionLifetime = std::chrono::hours(12),
        std::unique_ptr<RateLimitLedger> signInLedger = nullptr);

    // Throws DomainError InvalidInput for an invalid or reserved name, Conflict for one taken.
    NewAgent add(const QString &username, const QString &displayName, AgentRole role);
    bool remove(const QString &username);
    QList<Agent> list();
    // The agent this bearer token belongs to, if any; a sign-in token's lifetime starts
    // again. Throws DomainError Unauthorized for an expired sign-in (saying to sign in again)
    // and Forbidden for an agent stored under the reserved name "admin" (saying how the
    // operator fixes it).
    std::optional<Agent> authenticate(const QString &token);
    // Whether the token of this hash still signs its agent in (expiry is not renewed): open
    // event streams are checked with it.
    bool isStillValid(const QString &tokenHash);
    // Ends the sign-in of `token`. Throws DomainError InvalidInput for a token that is no
    // sign-in (an API token, FRONTLINE_ADMIN_TOKEN), saying how those are revoked.
    void logout(const QString &token, const Agent &agent);
    // The name customers see for the agent `username` (the administrator of
    // FRONTLINE_ADMIN_TOKEN included); empty when there is no such agent.
    QString displayNameOf(const QString &username);
    // Throws DomainError InvalidInput for a password shorter than 10 characters, NotFound for
    // no such agent. Every sign-in of the agent ends.
    void setPassword(const QString &username, const QString &password);
    // A sign-in, in three steps, so that the slow one (PBKDF2, some 0.3 s) runs off the
    // server's thread. Failed attempts are limited per client address (5 in any 5 minutes,
    // see SignInThrottle): then 429, whatever the password. One: throttle (429/503: the
    // attempt's slot is taken here, before the check) and find the hash the password must
    // match (a decoy's when there is no such agent, so names do not leak by timing). Each
    // started attempt must be finished.
    struct LoginAttempt
    {
        QString username;
        QString clientIp;
        std::optional<Agent> agent;
        QString passwordHash;
        SignInThrottle::Ticket ticket;
    };
    LoginAttempt startLogin(const QString &username, const QString &clientIp);
    // Two, on any thread: a copy of the hasher checks the password.
    PasswordHasher hasher() const { return m_hasher; }
    // Three, on the server's thread again: a token (the slot is given back), or 401 and the
    // failure keeps its slot.
    NewAgent finishLogin(const LoginAttempt &attempt, bool passwordMatches);

    static bool isValidUsername(const QString &username);
    // "admin": who FRONTLINE_ADMIN_TOKEN and the console's own administrator sign in as.
    static QString reservedUsername();

private:
    enum class Refusal { None, Unknown, Expired, Reserved };
    struct Resolved
    {
        std::optional<Agent> agent;
        Refusal refusal = Refusal::Unknown;
        bool signIn = false;
    };
    Resolved resolve(const QString &tokenHash, bool renew);

    Store &m_store;
    QString m_adminTokenHash;
    std::shared_ptr<const Clock> m_clock;
    PasswordHasher m_hasher;
    std::chrono::seconds m_sessionLifetime;
    SignInThrottle m_throttle;
};

} // namespace frontline
