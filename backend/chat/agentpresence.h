// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/agent.h"
#include "domain/presence.h"
#include "store/storeworkers.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

namespace frontline {

class LiveHub;

// Who of the agents is there, for the whole team (GET /api/agent/agents, transfers, automatic
// assignment): online while one of their consoles' event streams is connected on any node, away
// when they said so, offline otherwise.
//
// Each node counts the streams it has open per agent and keeps that count in the database
// (Store::setPresenceStreams), renewed every `heartbeat`; a row not renewed for three heartbeats
// (the presence lifetime) is of a node that died, counts for nothing and is forgotten at the
// next renewal of any node, which announces the agents whose presence that changed. So a node
// that dies leaves its agents online at most a lifetime and a heartbeat. A change is announced
// on the hub (LiveHub::presenceChanged, the agents' `presence` event) on the node that made it
// and, through the cluster event log, on every other (followAnotherNode()).
//
// Runs on the backend thread; its store work runs on the store workers. What reads it (the
// chat layer's automatic assignment) asks roster() and listens to changed().
class AgentPresence final : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString node; // this node's name in the cluster (the store's rows are by node)
        std::chrono::milliseconds heartbeat { 10000 };
        // On a database other nodes share, the rows of dead nodes are looked for even while no
        // agent is connected here.
        bool sharedDatabase = false;
        // The built-in administrator (FRONTLINE_ADMIN_TOKEN), who has no stored account but
        // owns conversations like any agent: listed in the roster when set.
        std::optional<Agent> administrator;
    };

    AgentPresence(StoreWorkers &store, LiveHub &hub, Options options, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(AgentPresence)

    // An event stream of `username` opened or closed on this node.
    void streamOpened(const QString &username);
    void streamClosed(const QString &username);
    // The agent is away or back (by hand, or their console after idle minutes): audited
    // ("agent.presence"). `done` gets what the agent is now: Offline for an agent connected
    // nowhere, whom nothing makes away or online.
    void setAway(
        const Agent &agent, bool away, std::function<void(Presence)> done, StoreFailure failed);
    // Every agent (not those removed, the administrator when there is one) with their presence
    // and how many conversations they own, by username.
    void roster(std::function<void(const QList<AgentStanding> &)> done, StoreFailure failed);
    // The agent is as this node last heard (here or from another node); Offline when unknown.
    Presence presenceOf(const QString &username) const;
    // The usernames of the agents online (not away) as this node last heard, sorted.
    QStringList online() const;

    // Another node changed the agent's presence: read it and announce it here.
    void followAnotherNode(const QString &username);

    std::chrono::milliseconds lifetime() const { return m_options.heartbeat * 3; }

Q_SIGNALS:
    // On this node and on every other, once per change.
    void changed(const QString &username, frontline::Presence presence);

private:
    void writeStreams(const QString &username);
    void renew();
    void announce(const QString &username, Presence presence);

    StoreWorkers &m_store;
    QPointer<LiveHub> m_hub; // announcements still on their way when it goes are dropped
    Options m_options;
    QHash<QString, int> m_streams; // this node's open streams, by username
    QHash<QString, Presence> m_known; // as last announced, by username
    QTimer m_heartbeat;
    bool m_renewing = false;
};

} // namespace frontline
