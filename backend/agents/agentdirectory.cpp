// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentdirectory.h"

#include "core/logging.h"
#include "domain/customertexts.h"
#include "domain/domainerror.h"
#include "security/tokens.h"
#include "store/store.h"
#include "store/storeerror.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace frontline {

namespace {

// A sign-in token used again within this time is not written again: one write a minute at
// most per token and node, however many requests.
constexpr auto RenewalGranularity = std::chrono::minutes(1);

DomainError reservedNameError()
{
    return DomainError::forbidden(QStringLiteral("reserved_username"),
        QCoreApplication::translate("AgentDirectory",
            "This agent is named \"admin\", which is now reserved for the administrator, so it "
            "cannot sign in. Ask the operator to recreate it under another name: 'frontline "
            "agent remove admin', then 'frontline agent add NAME'."));
}

} // namespace

AgentDirectory::AgentDirectory(Store &store, QString adminToken, std::shared_ptr<const Clock> clock,
    PasswordHasher hasher, std::chrono::seconds sessionLifetime,
    std::unique_ptr<RateLimitLedger> signInLedger)
    : m_store(store)
    , m_adminTokenHash(adminToken.isEmpty() ? QString() : tokens::hashToken(adminToken))
    , m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
    , m_hasher(hasher)
    , m_sessionLifetime(sessionLifetime)
    , m_throttle(m_clock, std::move(signInLedger))
{
}

QString AgentDirectory::reservedUsername()
{
    return QStringLiteral("admin");
}

void AgentDirectory::setPassword(const QString &username, const QString &password)
{
    if (password.size() < 10)
        throw DomainError::invalidInput(QStringLiteral("password"),
            QCoreApplication::translate("AgentDirectory", "use at least 10 characters."));
    if (!m_store.setAgentPassword(username, m_hasher.hash(password)))
        throw DomainError::notFound(
            QCoreApplication::translate("AgentDirectory", "No agent is named \"%1\".")
                .arg(username));
}

AgentDirectory::LoginAttempt AgentDirectory::startLogin(
    const QString &username, const QString &clientIp)
{
    // The slot is taken before the password is checked: guesses sent together cannot all be
    // checked before the first failure counts.
    LoginAttempt attempt { username, clientIp, std::nullopt, {}, m_throttle.begin(clientIp) };
    try {
        attempt.agent = m_store.agentByUsername(username);
    } catch (...) {
        m_throttle.giveBack(attempt.ticket); // no password was checked
        throw;
    }
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
        m_throttle.fail(attempt.ticket);
        // Who tried, from where (at most 5 per address in 5 minutes: the throttle bounds this).
        m_store.appendAudit({ .actor = attempt.username.left(64),
            .action = QStringLiteral("agent.login-failed"),
            .target = attempt.clientIp });
        throw DomainError::unauthorized(
            QCoreApplication::translate("AgentDirectory", "Wrong username or password."));
    }
    m_throttle.giveBack(attempt.ticket); // only failures count
    if (attempt.agent->username == reservedUsername()) {
        qCWarning(lcBackend,
            "Refused the sign-in of the stored agent \"admin\": that name is reserved for the "
            "administrator; recreate the agent under another name");
        throw reservedNameError();
    }
    NewAgent session;
    session.agent = *attempt.agent;
    session.token = tokens::newToken();
    m_store.addAgentToken(attempt.agent->username, tokens::hashToken(session.token));
    m_store.appendAudit({ .actor = attempt.agent->username,
        .action = QStringLiteral("agent.login"),
        .target = attempt.clientIp });
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

bool AgentDirectory::remove(const QString &username)
{
    return m_store.removeAgent(username);
}

QList<Agent> AgentDirectory::list()
{
    return m_store.agents();
}

AgentDirectory::Resolved AgentDirectory::resolve(const QString &tokenHash, bool renew)
{
    Resolved resolved;
    if (!m_adminTokenHash.isEmpty()
        && tokens::constantTimeEquals(tokenHash.toLatin1(), m_adminTokenHash.toLatin1())) {
        Agent admin;
        admin.username = reservedUsername();
        admin.displayName = customertexts::administratorName();
        admin.role = AgentRole::Admin;
        resolved.agent = admin;
        resolved.refusal = Refusal::None;
        return resolved;
    }
    // Lookups are by the hash of a 256-bit token: timing reveals nothing usable.
    const QDateTime now = m_clock->now();
    if (const auto signIn = m_store.agentBySignInToken(tokenHash)) {
        resolved.signIn = true;
        const auto &[agent, lastUsed] = *signIn;
        if (lastUsed.msecsTo(now) > std::chrono::milliseconds(m_sessionLifetime).count()) {
            resolved.refusal = Refusal::Expired;
            return resolved;
        }
        if (renew && lastUsed.msecsTo(now) >= std::chrono::milliseconds(RenewalGranularity).count())
            m_store.touchAgentToken(tokenHash);
        resolved.agent = agent;
    } else {
        resolved.agent = m_store.agentByTokenHash(tokenHash);
        if (!resolved.agent)
            return resolved;
    }
    // Stored before the name was reserved: kept, never taken for the administrator.
    resolved.refusal
        = resolved.agent->username == reservedUsername() ? Refusal::Reserved : Refusal::None;
    return resolved;
}

std::optional<Agent> AgentDirectory::authenticate(const QString &token)
{
    if (token.isEmpty())
        return std::nullopt;
    const QString hash = tokens::hashToken(token);
    const Resolved resolved = resolve(hash, true);
    switch (resolved.refusal) {
    case Refusal::None:
        return resolved.agent;
    case Refusal::Unknown:
        return std::nullopt;
    case Refusal::Expired: {
        m_store.removeAgentToken(hash);
        // Computed apart: lupdate 6.4 hangs on a template argument inside translate()'s call.
        const auto hours = int(std::chrono::ceil<std::chrono::hours>(m_sessionLifetime).count());
        throw DomainError::unauthorized(QCoreApplication::translate("AgentDirectory",
            "This sign-in has expired after %n hour(s) without use; sign in again.", nullptr,
            hours));
    }
    case Refusal::Reserved:
        qCWarning(lcBackend,
            "Refused the token of the stored agent \"admin\": that name is reserved for the "
            "administrator; recreate the agent under another name");
        throw reservedNameError();
    }
    return std::nullopt;
}

bool AgentDirectory::isStillValid(const QString &tokenHash)
{
    return resolve(tokenHash, false).refusal == Refusal::None;
}

void AgentDirectory::logout(const QString &token, const Agent &agent)
{
    const QString hash = tokens::hashToken(token);
    if (!m_store.removeAgentToken(hash))
        throw DomainError::invalidInput(QStringLiteral("Authorization"),
            QCoreApplication::translate("AgentDirectory",
                "this is not a sign-in token but a long-lived API token (from 'frontline agent "
                "add' or "
                "FRONTLINE_ADMIN_TOKEN); the operator revokes it with 'frontline agent remove "
                "NAME' or by "
                "changing FRONTLINE_ADMIN_TOKEN."));
    m_store.appendAudit({ .actor = agent.username, .action = QStringLiteral("agent.logout") });
}

QString AgentDirectory::displayNameOf(const QString &username)
{
    if (username.isEmpty())
        return QString();
    // Whatever a stored agent of that name says, "admin" is the administrator.
    if (username == reservedUsername())
        return m_adminTokenHash.isEmpty() ? QString() : customertexts::administratorName();
    if (const auto agent = m_store.agentByUsername(username))
        return agent->displayName;
    return QString();
}

} // namespace frontline
