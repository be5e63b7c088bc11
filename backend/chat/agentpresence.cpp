// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentpresence.h"

#include "core/logging.h"
#include "live/livehub.h"
#include "store/store.h"
#include "store/storeerror.h"

#include <algorithm>

namespace frontline {

AgentPresence::AgentPresence(StoreWorkers &store, LiveHub &hub, Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hub(&hub)
    , m_options(std::move(options))
{
    m_heartbeat.setInterval(m_options.heartbeat);
    connect(&m_heartbeat, &QTimer::timeout, this, &AgentPresence::renew);
    // On one node (SQLite) nothing else writes the table: renewing starts with a stream.
    if (m_options.sharedDatabase)
        m_heartbeat.start();
    // Who is there already, on the other nodes, before this one hears of any change.
    m_store.read(
        this, [lifetime = lifetime()](Store &database) { return database.presences(lifetime); },
        [this](const QHash<QString, Presence> &present) {
            for (auto it = present.constBegin(); it != present.constEnd(); ++it) {
                if (!m_known.contains(it.key())) // a change heard meanwhile is newer
                    m_known.insert(it.key(), it.value());
            }
        },
        [](const std::exception_ptr &) {}); // the changes announced from now on will tell
}

void AgentPresence::streamOpened(const QString &username)
{
    ++m_streams[username];
    writeStreams(username);
    if (!m_heartbeat.isActive())
        m_heartbeat.start();
}

void AgentPresence::streamClosed(const QString &username)
{
    const auto it = m_streams.find(username);
    if (it == m_streams.end())
        return;
    if (--*it <= 0)
        m_streams.erase(it);
    writeStreams(username);
}

// The count as it is when the write is given: the writer takes writes in order, so the last one
// leaves the count as this node has it, however close together streams open and close.
void AgentPresence::writeStreams(const QString &username)
{
    const int streams = m_streams.value(username);
    m_store.write(
        this,
        [node = m_options.node, username, streams, lifetime = lifetime()](
            Store &store) { return store.setPresenceStreams(node, username, streams, lifetime); },
        [this, username](const PresenceChange &change) {
            if (change.changed())
                announce(username, change.after);
        },
        [username](const std::exception_ptr &error) {
            // The next renewal writes the count again.
            qCWarning(lcBackend, "Cannot record the presence of %s: %s", qUtf8Printable(username),
                qUtf8Printable(storeErrorOf(error).message()));
        });
}

void AgentPresence::setAway(
    const Agent &agent, bool away, std::function<void(Presence)> done, StoreFailure failed)
{
    m_store.write(
        this,
        [username = agent.username, away, lifetime = lifetime()](Store &store) {
            const PresenceChange change = store.setPresenceAway(username, away, lifetime);
            store.appendAudit({ .actor = username,
                .action = QStringLiteral("agent.presence"),
                .target = username,
                .detail = away ? QStringLiteral("away") : QStringLiteral("online") });
            return change;
        },
        [this, username = agent.username, done](const PresenceChange &change) {
            if (change.changed())
                announce(username, change.after);
            done(change.after);
        },
        std::move(failed));
}

void AgentPresence::roster(
    std::function<void(const QList<AgentStanding> &)> done, StoreFailure failed)
{
    m_store.read(
        this,
        [administrator = m_options.administrator, lifetime = lifetime()](Store &store) {
            QList<Agent> agents = store.agents();
            if (administrator)
                agents.append(*administrator);
            std::sort(agents.begin(), agents.end(),
                [](const Agent &a, const Agent &b) { return a.username < b.username; });
            const QHash<QString, Presence> presences = store.presences(lifetime);
            const QHash<QString, qint64> open = store.openConversations();
            QList<AgentStanding> standings;
            for (Agent &agent : agents) {
                agent.passwordHash.clear();
                agent.tokenHash.clear();
                standings.append({ agent, presences.value(agent.username, Presence::Offline),
                    open.value(agent.username) });
            }
            return standings;
        },
        std::move(done), std::move(failed));
}

Presence AgentPresence::presenceOf(const QString &username) const
{
    return m_known.value(username, Presence::Offline);
}

QStringList AgentPresence::online() const
{
    QStringList usernames;
    for (auto it = m_known.constBegin(); it != m_known.constEnd(); ++it) {
        if (it.value() == Presence::Online)
            usernames.append(it.key());
    }
    usernames.sort();
    return usernames;
}

void AgentPresence::followAnotherNode(const QString &username)
{
    m_store.read(
        this,
        [username, lifetime = lifetime()](
            Store &store) { return store.presence(username, lifetime); },
        [this, username](Presence presence) { announce(username, presence); },
        [username](const std::exception_ptr &error) {
            qCWarning(lcBackend, "Cannot read the presence of %s: %s", qUtf8Printable(username),
                qUtf8Printable(storeErrorOf(error).message()));
        });
}

void AgentPresence::renew()
{
    if (m_streams.isEmpty() && !m_options.sharedDatabase) {
        m_heartbeat.stop(); // its last write removed this node's last row
        return;
    }
    if (m_renewing)
        return; // a slow database: the renewal on its way will do
    m_renewing = true;
    m_store.write(
        this,
        [node = m_options.node, streams = m_streams, lifetime = lifetime()](
            Store &store) { return store.renewPresence(node, streams, lifetime); },
        [this](const QHash<QString, Presence> &forgotten) {
            m_renewing = false;
            for (auto it = forgotten.constBegin(); it != forgotten.constEnd(); ++it)
                announce(it.key(), it.value());
        },
        [this](const std::exception_ptr &error) {
            m_renewing = false;
            qCWarning(lcBackend, "Cannot renew the agents' presence: %s",
                qUtf8Printable(storeErrorOf(error).message()));
        });
}

void AgentPresence::announce(const QString &username, Presence presence)
{
    // A node hears its own changes once, another node's perhaps twice (its bridge may read an
    // event again): said once.
    const auto known = m_known.constFind(username);
    if (known != m_known.constEnd() && *known == presence)
        return;
    m_known.insert(username, presence);
    if (m_hub)
        Q_EMIT m_hub->presenceChanged(username, presence);
    Q_EMIT changed(username, presence);
}

} // namespace frontline
