// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentdirectory.h"

#include "core/logging.h"
#include "domain/administratorname.h"
#include "domain/domainerror.h"
#include "security/tokens.h"
#include "store/store.h"
#include "store/storeerror.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace frontline {

namespace {

// A sign-in token used again within this time is not written again: one write a minute at
// most per token and node, however many requests. The lifetime it renews is counted in hours,
// so a minute more or less of it changes nothing.
constexpr auto RenewalGranularity = std::chrono::minutes(1);
// How long a token read from the database is taken from memory: the time within which a
// revocation made elsewhere (another node, the command line) reaches this node's requests,
// the same as its open event streams (AgentStreams).
constexpr auto KnownFor = std::chrono::seconds(1);
// Tokens and names kept in memory, least recently used first to go: a few hundred bytes each.
constexpr int MaxKnownTokens = 10000;
constexpr int MaxKnownNames = 10000;

DomainError reservedNameError()
{
    return DomainError::forbidden(QStringLiteral("reserved_username"),
        QCoreApplication::translate("AgentDirectory",
            "This agent is named \"admin\", which is now reserved for the administrator, so it "
            "cannot sign in. Ask the operator to recreate it under another name: 'frontline "
            "agent remove admin', then 'frontline agent add NAME'."));
}

void warnReservedName()
{
    qCWarning(lcBackend,
        "Refused the token of the stored agent \"admin\": that name is reserved for the "
        "administrator; recreate the agent under another name");
}

bool olderThan(const QDateTime &then, const QDateTime &now, std::chrono::milliseconds age)
{
    return then.msecsTo(now) > age.count();
}

// What the database says of a token (not the administrator's), on a store worker.
struct StoredToken
{
    enum class Refusal { None, Unknown, Expired, Reserved };
    std::optional<Agent> agent;
    Refusal refusal = Refusal::Unknown;
    bool signIn = false;
    QDateTime lastUsed;
};

StoredToken readToken(
    Store &store, const QString &tokenHash, const QDateTime &now, std::chrono::seconds lifetime)
{
    // Lookups are by the hash of a 256-bit token: timing reveals nothing usable.
    StoredToken stored;
    if (const auto signIn = store.agentBySignInToken(tokenHash)) {
        stored.signIn = true;
        stored.lastUsed = signIn->second;
        if (olderThan(stored.lastUsed, now, lifetime)) {
            stored.refusal = StoredToken::Refusal::Expired;
            return stored;
        }
        stored.agent = signIn->first;
    } else {
        stored.agent = store.agentByTokenHash(tokenHash);
        if (!stored.agent)
            return stored;
    }
    stored.agent->passwordHash.clear(); // nothing on this side needs it
    // Stored before the name was reserved: kept, never taken for the administrator.
    stored.refusal = stored.agent->username == AgentAccounts::reservedUsername()
        ? StoredToken::Refusal::Reserved
        : StoredToken::Refusal::None;
    return stored;
}

} // namespace

AgentDirectory::AgentDirectory(StoreWorkers &store, RateLimitLedgers &ledgers, QString adminToken,
    std::shared_ptr<const Clock> clock, PasswordHasher hasher, std::chrono::seconds sessionLifetime,
    QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_adminTokenHash(adminToken.isEmpty() ? QString() : tokens::hashToken(adminToken))
    , m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
    , m_hasher(hasher)
    , m_sessionLifetime(sessionLifetime)
    , m_throttle(ledgers, m_clock)
    , m_tokens(MaxKnownTokens)
    , m_names(MaxKnownNames)
{
}

std::optional<Agent> AgentDirectory::administrator(const QString &tokenHash) const
{
    if (m_adminTokenHash.isEmpty()
        || !tokens::constantTimeEquals(tokenHash.toLatin1(), m_adminTokenHash.toLatin1()))
        return std::nullopt;
    return builtInAdministrator();
}

std::optional<Agent> AgentDirectory::builtInAdministrator() const
{
    if (m_adminTokenHash.isEmpty())
        return std::nullopt;
    Agent admin;
    admin.username = reservedUsername();
    // Their name is a setting, and translated while it is the default: the API resolves the
    // mark where it shows a name (see administratorname.h).
    admin.displayName = administratorname::mark();
    admin.role = AgentRole::Admin;
    return admin;
}

void AgentDirectory::authenticate(const QString &token,
    std::function<void(const std::optional<Agent> &)> done, StoreFailure failed)
{
    if (token.isEmpty()) {
        done(std::nullopt);
        return;
    }
    const QString hash = tokens::hashToken(token);
    if (const auto admin = administrator(hash)) {
        done(admin);
        return;
    }
    const QDateTime now = m_clock->now();
    if (const KnownToken *known = m_tokens.object(hash)) {
        // An expired sign-in is left to the database to say (another node may have renewed it).
        const bool fresh = std::chrono::steady_clock::now() - known->readAt < KnownFor;
        if (fresh && !(known->signIn && olderThan(known->lastUsed, now, m_sessionLifetime))) {
            admit(hash, *known, std::move(done), std::move(failed));
            return;
        }
    }
    m_store.read(
        this,
        [hash, now, lifetime = m_sessionLifetime](
            Store &store) { return readToken(store, hash, now, lifetime); },
        [this, hash, done, failed, revocations = m_revocations](const StoredToken &stored) {
            switch (stored.refusal) {
            case StoredToken::Refusal::None: {
                const KnownToken known { *stored.agent, stored.signIn, stored.lastUsed,
                    std::chrono::steady_clock::now() };
                // A sign-out made here while the read was on its way wins over the read.
                if (revocations == m_revocations)
                    remember(hash, known);
                admit(hash, known, done, failed);
                return;
            }
            case StoredToken::Refusal::Unknown:
                done(std::nullopt);
                return;
            case StoredToken::Refusal::Expired: {
                // Computed apart: lupdate 6.4 hangs on a template argument inside translate()'s
                // call.
                const auto hours
                    = int(std::chrono::ceil<std::chrono::hours>(m_sessionLifetime).count());
                const DomainError expired
                    = DomainError::unauthorized(QCoreApplication::translate("AgentDirectory",
                        "This sign-in has expired after %n hour(s) without use; sign in again.",
                        nullptr, hours));
                // Gone from the database too, so that no node takes it again.
                m_store.write(
                    this, [hash](Store &store) { store.removeAgentToken(hash); },
                    [this, hash, expired] {
                        forget({ hash });
                        throw expired;
                    },
                    failed);
                return;
            }
            case StoredToken::Refusal::Reserved:
                warnReservedName();
                throw reservedNameError();
            }
        },
        failed); // copied, not moved: the answer above holds it too
}

void AgentDirectory::admit(const QString &tokenHash, const KnownToken &known,
    std::function<void(const std::optional<Agent> &)> done, StoreFailure failed)
{
    const QDateTime now = m_clock->now();
    if (!known.signIn || !olderThan(known.lastUsed, now, RenewalGranularity)) {
        done(known.agent);
        return;
    }
    // Renewed in memory at once, so that the requests of the next minute write nothing; the
    // request that renews waits for the write, so the next read of the token finds it.
    if (KnownToken *kept = m_tokens.object(tokenHash))
        kept->lastUsed = now;
    m_store.write(
        this, [tokenHash](Store &store) { store.touchAgentToken(tokenHash); },
        [done, agent = known.agent] { done(agent); }, std::move(failed));
}

void AgentDirectory::remember(const QString &tokenHash, const KnownToken &known)
{
    m_tokens.insert(tokenHash, new KnownToken(known));
    // The agent's name, just read, is what customers see of it.
    m_names.insert(
        known.agent.username, new KnownName { known.agent.displayName, known.readAt, false });
}

void AgentDirectory::forget(const QStringList &tokenHashes)
{
    ++m_revocations;
    for (const QString &hash : tokenHashes)
        m_tokens.remove(hash);
}

void AgentDirectory::revokedAmong(const QStringList &tokenHashes,
    std::function<void(const QStringList &)> done, StoreFailure failed)
{
    QStringList stored;
    for (const QString &hash : tokenHashes) {
        if (!administrator(hash)) // in memory: valid for as long as this server runs
            stored.append(hash);
    }
    if (stored.isEmpty()) {
        done({});
        return;
    }
    m_store.read(
        this,
        [stored, now = m_clock->now(), lifetime = m_sessionLifetime](Store &store) {
            QStringList revoked;
            for (const QString &hash : stored) {
                if (readToken(store, hash, now, lifetime).refusal != StoredToken::Refusal::None)
                    revoked.append(hash);
            }
            return revoked;
        },
        [this, done](const QStringList &revoked) {
            if (!revoked.isEmpty())
                forget(revoked);
            done(revoked);
        },
        std::move(failed));
}

void AgentDirectory::signIn(const QString &username, const QString &password,
    const QString &clientIp, std::function<void(const NewAgent &)> done, StoreFailure failed)
{
    // The slot is taken before the password is checked: guesses sent together cannot all be
    // checked before the first failure counts.
    m_throttle.begin(
        clientIp,
        [this, username, password, clientIp, done, failed](const SignInThrottle::Ticket &ticket) {
            checkPassword(username, password, clientIp, ticket, done, failed);
        },
        failed);
}

void AgentDirectory::checkPassword(const QString &username, const QString &password,
    const QString &clientIp, const SignInThrottle::Ticket &ticket,
    std::function<void(const NewAgent &)> done, StoreFailure failed)
{
    m_store.read(
        this, [username](Store &store) { return store.agentByUsername(username); },
        [this, username, password, clientIp, ticket, done, failed](
            const std::optional<Agent> &agent) {
            // A missing agent costs the same hashing time as a wrong password: names do not
            // leak.
            static const QString decoy = PasswordHasher().hash(QStringLiteral("decoy password"));
            const bool hasPassword = agent && !agent->passwordHash.isEmpty();
            // The watcher belongs to the directory: deleted with it, it calls nothing.
            auto *check = new QFutureWatcher<bool>(this);
            connect(check, &QFutureWatcher<bool>::finished, this,
                [this, check, username, clientIp, ticket, done, failed,
                    agent = hasPassword ? agent : std::optional<Agent>()] {
                    check->deleteLater();
                    if (!check->result() || !agent) {
                        m_throttle.fail(ticket);
                        // Who tried, from where (at most 5 per address in 5 minutes: the
                        // throttle bounds this).
                        m_store.write(
                            this,
                            [audit = AuditEntry { .actor = username.left(64),
                                 .action = QStringLiteral("agent.login-failed"),
                                 .target = clientIp }](Store &store) { store.appendAudit(audit); },
                            [] {
                                throw DomainError::unauthorized(QCoreApplication::translate(
                                    "AgentDirectory", "Wrong username or password."));
                            },
                            failed);
                        return;
                    }
                    m_throttle.giveBack(ticket); // only failures count
                    if (agent->username == reservedUsername()) {
                        qCWarning(lcBackend,
                            "Refused the sign-in of the stored agent \"admin\": that name is "
                            "reserved for the administrator; recreate the agent under another "
                            "name");
                        failed(std::make_exception_ptr(reservedNameError()));
                        return;
                    }
                    NewAgent session;
                    session.agent = *agent;
                    session.agent.passwordHash.clear();
                    session.token = tokens::newToken();
                    m_store.write(
                        this,
                        [username = agent->username, hash = tokens::hashToken(session.token),
                            clientIp](Store &store) {
                            store.addAgentToken(username, hash);
                            store.appendAudit({ .actor = username,
                                .action = QStringLiteral("agent.login"),
                                .target = clientIp });
                        },
                        [done, session] { done(session); }, failed);
                });
            check->setFuture(QtConcurrent::run(
                [hasher = m_hasher, password, hash = hasPassword ? agent->passwordHash : decoy] {
                    return hasher.verify(password, hash);
                }));
        },
        [this, ticket, failed](const std::exception_ptr &error) {
            m_throttle.giveBack(ticket); // no password was checked
            failed(error);
        });
}

void AgentDirectory::logout(
    const QString &token, const Agent &agent, std::function<void()> done, StoreFailure failed)
{
    const QString hash = tokens::hashToken(token);
    m_store.write(
        this,
        [hash, username = agent.username](Store &store) {
            if (!store.removeAgentToken(hash))
                throw DomainError::invalidInput(QStringLiteral("Authorization"),
                    QCoreApplication::translate("AgentDirectory",
                        "this is not a sign-in token but a long-lived API token (from 'frontline "
                        "agent add' or FRONTLINE_ADMIN_TOKEN); the operator revokes it with "
                        "'frontline agent remove NAME' or by changing FRONTLINE_ADMIN_TOKEN."));
            store.appendAudit({ .actor = username, .action = QStringLiteral("agent.logout") });
        },
        [this, hash, done] {
            forget({ hash });
            done();
        },
        std::move(failed));
}

void AgentDirectory::rename(const Agent &agent, const QString &displayName,
    std::function<void(const Agent &)> done, StoreFailure failed)
{
    m_store.write(
        this,
        [username = agent.username, displayName](Store &store) {
            if (!store.setAgentDisplayName(username, displayName))
                throw DomainError::notFound(
                    QCoreApplication::translate("AgentDirectory", "No agent is named \"%1\".")
                        .arg(username));
            store.appendAudit({ .actor = username,
                .action = QStringLiteral("agent.rename"),
                .target = username,
                .detail = displayName });
        },
        [this, agent, displayName, done] {
            Agent renamed = agent;
            renamed.displayName = displayName;
            follow(renamed);
            done(renamed);
        },
        std::move(failed));
}

void AgentDirectory::changePassword(const Agent &agent, const QString &token,
    const QString &currentPassword, const QString &newPassword, const QString &clientIp,
    std::function<void()> done, StoreFailure failed)
{
    // What costs nothing is refused at once, before a throttle slot is taken.
    AgentAccounts::checkNewPassword(newPassword, QStringLiteral("newPassword"));
    const QString keptTokenHash = tokens::hashToken(token);
    // As for a sign-in, the slot is taken before the password is checked: a stolen token
    // cannot be used to guess the password faster than the sign-in page allows.
    m_throttle.begin(
        clientIp,
        [this, username = agent.username, keptTokenHash, currentPassword, newPassword, clientIp,
            done, failed](const SignInThrottle::Ticket &ticket) {
            m_store.read(
                this, [username](Store &store) { return store.agentByUsername(username); },
                [this, username, keptTokenHash, currentPassword, newPassword, clientIp, ticket,
                    done, failed](const std::optional<Agent> &stored) {
                    if (!stored) {
                        m_throttle.giveBack(ticket);
                        throw DomainError::notFound(QCoreApplication::translate(
                            "AgentDirectory", "No agent is named \"%1\".")
                                                        .arg(username));
                    }
                    replacePassword(*stored, keptTokenHash, currentPassword, newPassword, clientIp,
                        ticket, done, failed);
                },
                [this, ticket, failed](const std::exception_ptr &error) {
                    m_throttle.giveBack(ticket); // no password was checked
                    failed(error);
                });
        },
        failed);
}

void AgentDirectory::replacePassword(const Agent &agent, const QString &keptTokenHash,
    const QString &currentPassword, const QString &newPassword, const QString &clientIp,
    const SignInThrottle::Ticket &ticket, std::function<void()> done, StoreFailure failed)
{
    // The new hash, or nothing for a wrong current password.
    auto *work = new QFutureWatcher<std::optional<QString>>(this);
    connect(work, &QFutureWatcher<std::optional<QString>>::finished, this,
        [this, work, username = agent.username, keptTokenHash, clientIp, ticket, done, failed] {
            work->deleteLater();
            const std::optional<QString> hash = work->result();
            if (!hash) {
                m_throttle.fail(ticket);
                m_store.write(
                    this,
                    [audit = AuditEntry { .actor = username,
                         .action = QStringLiteral("agent.password-failed"),
                         .target = clientIp }](Store &store) { store.appendAudit(audit); },
                    [] {
                        throw DomainError::forbidden(QStringLiteral("wrong_password"),
                            QCoreApplication::translate("AgentDirectory",
                                "The current password is wrong; nothing changed."));
                    },
                    failed);
                return;
            }
            m_throttle.giveBack(ticket);
            m_store.write(
                this,
                [username, hash = *hash, keptTokenHash, clientIp](Store &store) {
                    if (!store.setAgentPassword(username, hash, keptTokenHash))
                        throw DomainError::notFound(QCoreApplication::translate(
                            "AgentDirectory", "No agent is named \"%1\".")
                                                        .arg(username));
                    store.appendAudit({ .actor = username,
                        .action = QStringLiteral("agent.password"),
                        .target = clientIp });
                },
                [this, username, keptTokenHash, done] {
                    // The other sign-ins end on this node at once (on the others within a
                    // second, as any revocation); API tokens do not end with a password.
                    QStringList revoked;
                    const QList<QString> known = m_tokens.keys();
                    for (const QString &tokenHash : known) {
                        const KnownToken *token = m_tokens.object(tokenHash);
                        if (token && token->signIn && token->agent.username == username
                            && tokenHash != keptTokenHash)
                            revoked.append(tokenHash);
                    }
                    forget(revoked);
                    done();
                },
                failed);
        });
    work->setFuture(QtConcurrent::run([hasher = m_hasher, currentPassword, newPassword,
                                          stored = agent.passwordHash]() -> std::optional<QString> {
        if (!stored.isEmpty() && !hasher.verify(currentPassword, stored))
            return std::nullopt;
        return hasher.hash(newPassword);
    }));
}

void AgentDirectory::follow(const Agent &agent)
{
    m_names.insert(agent.username,
        new KnownName { agent.displayName, std::chrono::steady_clock::now(), false });
    // The agent's own next reply is signed with the new name, whichever of its tokens it uses.
    const QList<QString> known = m_tokens.keys();
    for (const QString &hash : known) {
        if (KnownToken *token = m_tokens.object(hash);
            token && token->agent.username == agent.username)
            token->agent.displayName = agent.displayName;
    }
}

QString AgentDirectory::displayNameOf(const QString &username)
{
    if (username.isEmpty())
        return QString();
    // Whatever a stored agent of that name says, "admin" is the administrator.
    if (username == reservedUsername())
        return m_adminTokenHash.isEmpty() ? QString() : administratorname::mark();
    KnownName *known = m_names.object(username);
    if (!known) {
        known = new KnownName;
        m_names.insert(username, known);
    } else if (known->reading || std::chrono::steady_clock::now() - known->readAt < KnownFor) {
        return known->displayName;
    }
    // One read at a time per name, at most one a second: what it finds is for the next asker.
    known->reading = true;
    const QString name = known->displayName;
    m_store.read(
        this, [username](Store &store) { return store.agentByUsername(username); },
        [this, username](const std::optional<Agent> &agent) {
            m_names.insert(username,
                new KnownName { agent ? agent->displayName : QString(),
                    std::chrono::steady_clock::now(), false });
        },
        [this, username](const std::exception_ptr &error) {
            if (KnownName *kept = m_names.object(username)) {
                kept->reading = false;
                kept->readAt = std::chrono::steady_clock::now(); // asked again in a second
            }
            qCWarning(lcBackend, "Cannot read the name of agent %s: %s", qUtf8Printable(username),
                qUtf8Printable(storeErrorOf(error).message()));
        });
    return name;
}

void AgentDirectory::find(const QString &username,
    std::function<void(const std::optional<Agent> &)> done, StoreFailure failed)
{
    // Whatever a stored agent of that name says, "admin" is the administrator.
    if (username == reservedUsername()) {
        done(builtInAdministrator());
        return;
    }
    m_store.read(
        this, [username](Store &store) { return store.agentByUsername(username); },
        [this, username, done](std::optional<Agent> agent) {
            if (agent) {
                agent->passwordHash.clear();
                m_names.insert(username,
                    new KnownName { agent->displayName, std::chrono::steady_clock::now(), false });
            }
            done(agent);
        },
        std::move(failed));
}

} // namespace frontline
