// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentdirectory.h"

#include "api/apierror.h"
#include "security/tokens.h"
#include "store/store.h"
#include "store/storeerror.h"

#include <QRegularExpression>
#include <QCoreApplication>

namespace frontline {

namespace {

// Who FRONTLINE_ADMIN_TOKEN signs in as: an agent that is not in the store.
QString adminUsername() { return QStringLiteral("admin"); }
QString adminDisplayName() { return QStringLiteral("Administrator"); }

} // namespace

AgentDirectory::AgentDirectory(Store &store, QString adminToken, std::shared_ptr<const Clock> clock,
                               PasswordHasher hasher)
    : m_store(store),
      m_adminTokenHash(adminToken.isEmpty() ? QString() : tokens::hashToken(adminToken)),
      m_hasher(hasher),
      m_failedLogins(*RateLimitPolicy::parse(QStringLiteral("login=5/300"), nullptr),
                     clock ? std::move(clock) : std::make_shared<SystemClock>())
{
}

void AgentDirectory::setPassword(const QString &username, const QString &password)
{
    if (password.size() < 10)
        throw ApiError::invalidRequest(QStringLiteral("password"), QCoreApplication::translate("AgentDirectory", "use at least 10 characters."));
    if (!m_store.setAgentPassword(username, m_hasher.hash(password)))
        throw ApiError::notFound(QCoreApplication::translate("AgentDirectory", "No agent is named \"%1\".").arg(username));
}

NewAgent AgentDirectory::login(const QString &username, const QString &password, const QString &clientIp)
{
    const LoginAttempt attempt = startLogin(username, clientIp);
    return finishLogin(attempt, m_hasher.verify(password, attempt.passwordHash));
}

AgentDirectory::LoginAttempt AgentDirectory::startLogin(const QString &username, const QString &clientIp)
{
    const RateLimitDecision throttle = m_failedLogins.peek(QStringLiteral("login"), {{QStringLiteral("ip"), clientIp}});
    if (!throttle.allowed)
        throw ApiError(429, QStringLiteral("rate_limited"),
                       QCoreApplication::translate("AgentDirectory", "Too many failed sign-ins from your address. Try again in %n second(s).",
                                                   nullptr, int(throttle.retryAfterSeconds)))
                .withRetryAfter(throttle.retryAfterSeconds);
    LoginAttempt attempt{username, clientIp, m_store.agentByUsername(username), {}};
    // A missing agent costs the same hashing time as a wrong password: names do not leak.
    static const QString decoy = PasswordHasher().hash(QStringLiteral("decoy password"));
    const bool hasPassword = attempt.agent && !attempt.agent->passwordHash.isEmpty();
    attempt.passwordHash = hasPassword ? attempt.agent->passwordHash : decoy;
    if (!hasPassword)
        attempt.agent.reset();
    return attempt;
}

NewAgent AgentDirectory::finishLogin(const LoginAttempt &attempt, bool passwordMatches)
{
    if (!passwordMatches || !attempt.agent) {
        m_failedLogins.check(QStringLiteral("login"), {{QStringLiteral("ip"), attempt.clientIp}});
        // Who tried, from where (at most 5 per address in 5 minutes: the throttle bounds this).
        m_store.appendAudit({.actor = attempt.username.left(64), .action = QStringLiteral("agent.login-failed"),
                             .target = attempt.clientIp});
        throw ApiError::unauthorized(QCoreApplication::translate("AgentDirectory", "Wrong username or password."));
    }
    NewAgent session;
    session.agent = *attempt.agent;
    session.token = tokens::newToken();
    m_store.addAgentToken(attempt.agent->username, tokens::hashToken(session.token));
    m_store.appendAudit({.actor = attempt.agent->username, .action = QStringLiteral("agent.login"), .target = attempt.clientIp});
    return session;
}

bool AgentDirectory::isValidUsername(const QString &username)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9._-]{0,63}$"));
    return pattern.match(username).hasMatch();
}

NewAgent AgentDirectory::add(const QString &username, const QString &displayName, AgentRole role)
{
    if (!isValidUsername(username))
        throw ApiError::invalidRequest(QStringLiteral("username"),
                                       QCoreApplication::translate("AgentDirectory", "use 1 to 64 lower-case letters, digits, dots, dashes or "
                                                      "underscores, starting with a letter or digit."));
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
            throw ApiError(409, QStringLiteral("conflict"),
                           QCoreApplication::translate("AgentDirectory", "An agent named \"%1\" already exists; choose another name.").arg(username));
        throw;
    }
    return created;
}

bool AgentDirectory::remove(const QString &username)
{
    return m_store.removeAgent(username);
}

QList<Agent> AgentDirectory::list()
{
    return m_store.agents();
}

std::optional<Agent> AgentDirectory::authenticate(const QString &token)
{
    if (token.isEmpty())
        return std::nullopt;
    const QString hash = tokens::hashToken(token);
    if (!m_adminTokenHash.isEmpty() && tokens::constantTimeEquals(hash.toLatin1(), m_adminTokenHash.toLatin1())) {
        Agent admin;
        admin.username = adminUsername();
        admin.displayName = adminDisplayName();
        admin.role = AgentRole::Admin;
        return admin;
    }
    // The lookup is by the hash of a 256-bit token: timing reveals nothing usable.
    return m_store.agentByTokenHash(hash);
}

QString AgentDirectory::displayNameOf(const QString &username)
{
    if (username.isEmpty())
        return QString();
    if (const auto agent = m_store.agentByUsername(username))
        return agent->displayName;
    return !m_adminTokenHash.isEmpty() && username == adminUsername() ? adminDisplayName() : QString();
}

} // namespace frontline
