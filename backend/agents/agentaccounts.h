// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/agent.h"
#include "security/passwordhasher.h"

#include <QList>

namespace frontline {

class Store;

struct NewAgent
{
    Agent agent;
    QString token; // shown once; only its hash is stored
};

// The agents' accounts, managed by the operator with `frontline agent add/remove/list/
// password`: a process of its own, without a server, so each call runs its statements at once
// on the caller's store. A running server learns of the change from the database within a
// second (see AgentDirectory), whichever process made it. The account rules (names, the
// reserved "admin") are here too.
class AgentAccounts final
{
public:
    explicit AgentAccounts(Store &store, PasswordHasher hasher = PasswordHasher());

    // An agent with an API token of 256 random bits, given once: for automation, it never
    // expires and ends with the agent. Throws DomainError InvalidInput for an invalid or
    // reserved name, Conflict for one taken.
    NewAgent add(const QString &username, const QString &displayName, AgentRole role);
    // The agent and every token of it end; false when there is no such agent.
    bool remove(const QString &username);
    QList<Agent> list();
    // Throws DomainError InvalidInput for a password shorter than 10 characters, NotFound for
    // no such agent. Every sign-in of the agent ends.
    void setPassword(const QString &username, const QString &password);

    static bool isValidUsername(const QString &username);
    // The rule of every new password, from the command line or the console: throws DomainError
    // InvalidInput naming `field` for one shorter than 10 characters.
    static void checkNewPassword(const QString &password, const QString &field);
    // "admin": who FRONTLINE_ADMIN_TOKEN and the console's own administrator sign in as.
    static QString reservedUsername();

private:
    Store &m_store;
    PasswordHasher m_hasher;
};

} // namespace frontline
