// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentaccounts.h"

#include "domain/domainerror.h"
#include "security/tokens.h"
#include "store/store.h"
#include "store/storeerror.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace frontline {

AgentAccounts::AgentAccounts(Store &store, PasswordHasher hasher)
    : m_store(store)
    , m_hasher(hasher)
{
}

QString AgentAccounts::reservedUsername()
{
    return QStringLiteral("admin");
}

bool AgentAccounts::isValidUsername(const QString &username)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9._-]{0,63}$"));
    return pattern.match(username).hasMatch();
}

void AgentAccounts::checkNewPassword(const QString &password, const QString &field)
{
    if (password.size() < 10)
        throw DomainError::invalidInput(
            field, QCoreApplication::translate("AgentDirectory", "use at least 10 characters."));
}

void AgentAccounts::setPassword(const QString &username, const QString &password)
{
    checkNewPassword(password, QStringLiteral("password"));
    if (!m_store.setAgentPassword(username, m_hasher.hash(password)))
        throw DomainError::notFound(
            QCoreApplication::translate("AgentDirectory", "No agent is named \"%1\".")
                .arg(username));
}

NewAgent AgentAccounts::add(const QString &username, const QString &displayName, AgentRole role)
{
    if (!isValidUsername(username))
        throw DomainError::invalidInput(QStringLiteral("username"),
            QCoreApplication::translate("AgentDirectory",
                "use 1 to 64 lower-case letters, digits, dots, dashes or "
                "underscores, starting with a letter or digit."));
    if (username == reservedUsername())
        throw DomainError::invalidInput(QStringLiteral("username"),
            QCoreApplication::translate("AgentDirectory",
                "\"admin\" is reserved for the administrator (FRONTLINE_ADMIN_TOKEN and "
                "the console's own); choose another name, and --admin to make it an "
                "administrator."));
    NewAgent created;
    created.token = tokens::newToken();
    Agent agent;
    agent.username = username;
    agent.displayName = displayName.trimmed().isEmpty() ? username : displayName.trimmed();
    agent.role = role;
    agent.tokenHash = tokens::hashToken(created.token);
    try {
        created.agent = m_store.addAgent(agent);
    } catch (const StoreError &error) {
        if (error.kind() == StoreError::Kind::Conflict)
            throw DomainError::conflict(QStringLiteral("conflict"),
                QCoreApplication::translate(
                    "AgentDirectory", "An agent named \"%1\" already exists; choose another name.")
                    .arg(username));
        throw;
    }
    return created;
}

bool AgentAccounts::remove(const QString &username)
{
    return m_store.removeAgent(username);
}

QList<Agent> AgentAccounts::list()
{
    return m_store.agents();
}

} // namespace frontline
