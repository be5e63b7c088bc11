// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"
#include "domain/autoassignment.h"
#include "store/storeworkers.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>

namespace frontline {

class LiveHub;
struct ChatSession;

// Gives conversations that wait for a human to the agents who are there, when administrators
// turned it on (AutoAssignmentPolicy): least loaded first, up to each agent's capacity; an
// agent who does not answer within the policy's minutes gives the conversation back to the
// queue, and it goes to the next agent. Runs on the backend thread; each pass is one write on
// the store workers, and on PostgreSQL one node at a time, so that several nodes never give
// an agent more than their capacity between them. What it changes is announced on the hub,
// as a claim is.
class AutoAssigner final : public QObject
{
    Q_OBJECT
public:
    // The usernames of the agents who may be given conversations now: online, not away.
    using AvailableAgents = std::function<QStringList()>;

    static constexpr std::chrono::milliseconds DefaultCheckInterval { 10000 };

    // Every `checkInterval` it also looks for conversations left unanswered, and for what
    // it could not give out before.
    AutoAssigner(StoreWorkers &store, LiveHub &hub, AvailableAgents availableAgents,
        AutoAssignmentPolicy policy, std::shared_ptr<const Clock> clock,
        std::chrono::milliseconds checkInterval = DefaultCheckInterval, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(AutoAssigner)

    const AutoAssignmentPolicy &policy() const { return m_policy; }
    void setPolicy(const AutoAssignmentPolicy &policy);
    // Who is available, or the queue, may have changed: a pass soon. Calls in a burst make
    // one pass.
    void reconsider();

Q_SIGNALS:
    // A pass ended, having changed these sessions (for tests and logs).
    void passed(int assigned, int returned);

private:
    void sessionChanged(const ChatSession &session);
    void pass();

    StoreWorkers &m_store;
    LiveHub &m_hub;
    AvailableAgents m_availableAgents;
    AutoAssignmentPolicy m_policy;
    std::shared_ptr<const Clock> m_clock;
    QTimer m_soon; // single shot: gathers a burst of reasons into one pass
    QTimer m_periodic;
    bool m_passing = false; // one pass at a time; another is made after it when asked meanwhile
    bool m_again = false;
    bool m_queueLeft = true; // the last pass left conversations waiting (or none ran yet)
};

} // namespace frontline
