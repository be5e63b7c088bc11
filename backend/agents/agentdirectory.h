// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agents/agentaccounts.h"
#include "agents/signinthrottle.h"
#include "domain/agent.h"
#include "security/passwordhasher.h"
#include "store/storeworkers.h"

#include <QCache>
#include <QObject>

#include <chrono>
#include <functional>
#include <optional>

namespace frontline {

class RateLimitLedger;

// Who may use the agent API of a running server. Two kinds of agent token, both stored hashed:
// - an API token of 256 random bits, given once by `frontline agent add` (AgentAccounts): for
//   automation, it never expires and ends with the agent (`frontline agent remove`);
// - a sign-in token from POST /api/agent/login: it ends at sign-out, at a new password, with
//   the agent, or after `sessionLifetime` without use (each use renews it).
// An operator may also set FRONTLINE_ADMIN_TOKEN for automation; it signs in as "admin", a
// name no stored agent may have.
//
// Every agent request is authenticated, so the tokens this node checked lately are kept in
// memory, each for a second after it was read: a token revoked anywhere (a sign-out or a new
// password on another node, `frontline agent remove` from another process) is refused here
// within a second, as the open event streams are closed (AgentStreams). This node's own
// sign-outs forget the token at once.
//
// Runs on the backend thread; its store work runs on the store workers, and each call answers
// through `done` or `failed` (the exception: a DomainError for what a client can fix, a
// StoreError for the database), before it returns when memory already knows the answer.
class AgentDirectory final : public QObject
{
    Q_OBJECT
public:
    // The sign-in limits' logs are kept in `ledgers`, with the request limits'.
    AgentDirectory(StoreWorkers &store, RateLimitLedgers &ledgers, QString adminToken,
        std::shared_ptr<const Clock> clock = nullptr, PasswordHasher hasher = PasswordHasher(),
        std::chrono::seconds sessionLifetime = std::chrono::hours(12), QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(AgentDirectory)

    // The agent this bearer token belongs to, or nothing for a token nobody has; a sign-in
    // token's lifetime starts again. Fails with DomainError Unauthorized for an expired sign-in
    // (saying to sign in again) and Forbidden for an agent stored under the reserved name
    // "admin" (saying how the operator fixes it).
    void authenticate(const QString &token, std::function<void(const std::optional<Agent> &)> done,
        StoreFailure failed);
    // Which of these token hashes no longer sign their agent in, as the database says now (in
    // one piece of work, never from memory; nothing is renewed): open event streams are checked
    // with it.
    void revokedAmong(const QStringList &tokenHashes,
        std::function<void(const QStringList &revoked)> done, StoreFailure failed);
    // Signs an agent in with a password: a new sign-in token. Failed attempts are limited per
    // client address (5 in any 5 minutes, see SignInThrottle): then 429, whatever the password,
    // thrown at once like the other refusals that cost nothing. The password check (PBKDF2,
    // some 0.3 s) runs on Qt's thread pool; a missing agent costs the same time as a wrong
    // password, so names do not leak by timing. Fails with DomainError Unauthorized for a wrong
    // username or password.
    void signIn(const QString &username, const QString &password, const QString &clientIp,
        std::function<void(const NewAgent &)> done, StoreFailure failed);
    // Ends the sign-in of `token` (on this node at once). Fails with DomainError InvalidInput for
    // a token that is no sign-in (an API token, FRONTLINE_ADMIN_TOKEN), saying how those are
    // revoked.
    void logout(
        const QString &token, const Agent &agent, std::function<void()> done, StoreFailure failed);
    // Sets the name customers see of `agent`, a stored agent (`displayName` already checked by
    // displayname::parse), audited; `done` gets the agent as it is now. This node's memory
    // has the name at once; the store tells the other nodes (see follow()). Fails with
    // DomainError NotFound for an agent removed meanwhile.
    void rename(const Agent &agent, const QString &displayName,
        std::function<void(const Agent &)> done, StoreFailure failed);
    // Changes the password of `agent`, a stored agent, signed in with `token`: every other
    // sign-in of the agent ends, that one stays. `currentPassword` must match, unless the
    // agent has no password yet (then it signed in with its API token, which is proof enough).
    // A wrong one counts as a failed sign-in from `clientIp` (SignInThrottle) and fails with
    // DomainError Forbidden "wrong_password"; a new password the command line would refuse
    // fails with InvalidInput "newPassword", at once. Both checks (PBKDF2) run on Qt's thread
    // pool.
    void changePassword(const Agent &agent, const QString &token, const QString &currentPassword,
        const QString &newPassword, const QString &clientIp, std::function<void()> done,
        StoreFailure failed);
    // The agent `username` as stored now, read on a store reader (the built-in administrator for
    // "admin" while FRONTLINE_ADMIN_TOKEN is set); nothing for an agent nobody has, or removed.
    // Memory knows their name from then on (displayNameOf()): a transfer names the agent who
    // joins to the customer at once.
    void find(const QString &username, std::function<void(const std::optional<Agent> &)> done,
        StoreFailure failed);
    // The administrator of FRONTLINE_ADMIN_TOKEN, when it is set.
    std::optional<Agent> builtInAdministrator() const;
    // An agent's name changed, here or on another node: memory knows it from now on, for the
    // names customers see and the agent's own requests.
    void follow(const Agent &agent);

    // The name customers see for the agent `username` (for the administrator of
    // FRONTLINE_ADMIN_TOKEN, administratorname::mark(), which the API resolves), from memory: an
    // agent who used this node lately is known; another is read in the background and empty until
    // then (the customer reads "an agent"). A name older than a second is read again in the
    // background, and meanwhile still given.
    QString displayNameOf(const QString &username);

    // "admin": who FRONTLINE_ADMIN_TOKEN and the console's own administrator sign in as.
    static QString reservedUsername() { return AgentAccounts::reservedUsername(); }

private:
    // A token checked in the database lately, which signed its agent in then.
    struct KnownToken
    {
        Agent agent;
        bool signIn = false;
        QDateTime lastUsed; // a sign-in token's, by the clock (the lifetime counts from it)
        std::chrono::steady_clock::time_point readAt;
    };
    struct KnownName
    {
        QString displayName; // empty: no such agent
        std::chrono::steady_clock::time_point readAt;
        bool reading = false;
    };

    std::optional<Agent> administrator(const QString &tokenHash) const;
    // signIn() once the throttle let the attempt through.
    void checkPassword(const QString &username, const QString &password, const QString &clientIp,
        const SignInThrottle::Ticket &ticket, std::function<void(const NewAgent &)> done,
        StoreFailure failed);
    // Renews the sign-in of a known token when it was last used a while ago, then calls `done`.
    void admit(const QString &tokenHash, const KnownToken &known,
        std::function<void(const std::optional<Agent> &)> done, StoreFailure failed);
    void remember(const QString &tokenHash, const KnownToken &known);
    // changePassword() once the throttle let the attempt through and the agent was read.
    void replacePassword(const Agent &agent, const QString &keptTokenHash,
        const QString &currentPassword, const QString &newPassword, const QString &clientIp,
        const SignInThrottle::Ticket &ticket, std::function<void()> done, StoreFailure failed);
    // This node revoked (or found revoked) these tokens: memory forgets them, and a read of a
    // token started before now is not remembered.
    void forget(const QStringList &tokenHashes);

    StoreWorkers &m_store;
    QString m_adminTokenHash;
    std::shared_ptr<const Clock> m_clock;
    PasswordHasher m_hasher;
    std::chrono::seconds m_sessionLifetime;
    SignInThrottle m_throttle;
    QCache<QString, KnownToken> m_tokens; // by token hash, least recently used go first
    QCache<QString, KnownName> m_names; // by username
    quint64 m_revocations = 0; // how many times forget() ran
};

} // namespace frontline
