// SPDX-License-Identifier: GPL-3.0-or-later
#include "autoassigner.h"

#include "core/logging.h"
#include "domain/chatsession.h"
#include "live/livehub.h"
#include "store/store.h"

namespace frontline {

namespace {

// The audit log's actor for what auto-assignment does.
const QString Actor = QStringLiteral("auto-assignment");

// A burst of changes (a node starting, a queue filling) makes one pass.
constexpr std::chrono::milliseconds Gathering { 100 };

struct PassResult
{
    QList<ChatSession> returned;
    QList<ChatSession> assigned;
    bool queueLeft = false;
};

} // namespace

AutoAssigner::AutoAssigner(StoreWorkers &store, LiveHub &hub, AvailableAgents availableAgents,
    AutoAssignmentPolicy policy, std::shared_ptr<const Clock> clock,
    std::chrono::milliseconds checkInterval, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hub(hub)
    , m_availableAgents(std::move(availableAgents))
    , m_policy(std::move(policy))
    , m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
{
    m_soon.setSingleShot(true);
    m_soon.setInterval(Gathering);
    connect(&m_soon, &QTimer::timeout, this, &AutoAssigner::pass);
    m_periodic.setInterval(checkInterval);
    connect(&m_periodic, &QTimer::timeout, this, &AutoAssigner::reconsider);
    connect(&m_hub, &LiveHub::sessionChanged, this, &AutoAssigner::sessionChanged);
    if (m_policy.enabled)
        m_periodic.start();
    reconsider();
}

void AutoAssigner::setPolicy(const AutoAssignmentPolicy &policy)
{
    m_policy = policy;
    if (m_policy.enabled)
        m_periodic.start();
    else
        m_periodic.stop();
    m_queueLeft = true;
    reconsider();
}

void AutoAssigner::reconsider()
{
    if (!m_policy.enabled)
        return;
    if (m_passing) {
        m_again = true;
        return;
    }
    if (!m_soon.isActive())
        m_soon.start();
}

void AutoAssigner::sessionChanged(const ChatSession &session)
{
    // A session that starts waiting is one to give out; any other change (a close, a release,
    // a transfer) may free an agent for what is still waiting.
    if (session.status == SessionStatus::Waiting || m_queueLeft)
        reconsider();
}

void AutoAssigner::pass()
{
    if (!m_policy.enabled)
        return;
    QList<AssignableAgent> agents;
    for (const QString &username : m_availableAgents()) {
        const int capacity = m_policy.capacityOf(username);
        if (capacity > 0)
            agents.append({ username, 0, capacity });
    }
    const QDateTime before = m_policy.answerMinutes > 0
        ? m_clock->now().addSecs(-60LL * m_policy.answerMinutes)
        : QDateTime();
    m_passing = true;
    m_store.write(
        this,
        [agents, before](Store &store) {
            PassResult result;
            if (before.isValid())
                result.returned = store.returnUnanswered(before, Actor);
            if (agents.isEmpty()) {
                result.queueLeft = true; // as far as this pass knows
                return result;
            }
            QueueAssignment given = store.assignQueue(agents, Actor);
            result.assigned = std::move(given.assigned);
            result.queueLeft = given.stillWaiting > 0;
            return result;
        },
        [this](const PassResult &result) {
            m_passing = false;
            m_queueLeft = result.queueLeft;
            for (const ChatSession &session : result.returned) {
                qCInfo(lcBackend, "Session %s back in the queue: %s did not answer in time",
                    qUtf8Printable(session.id), qUtf8Printable(session.assignedAgent));
                Q_EMIT m_hub.sessionChanged(session);
            }
            for (const ChatSession &session : result.assigned) {
                qCInfo(lcBackend, "Session %s assigned to %s", qUtf8Printable(session.id),
                    qUtf8Printable(session.assignedAgent));
                Q_EMIT m_hub.sessionChanged(session);
            }
            Q_EMIT passed(int(result.assigned.size()), int(result.returned.size()));
            if (std::exchange(m_again, false))
                reconsider();
        },
        [this](std::exception_ptr error) {
            m_passing = false;
            try {
                std::rethrow_exception(error);
            } catch (const std::exception &e) {
                qCWarning(lcBackend, "Auto-assignment could not give the queue out: %s", e.what());
            }
            if (std::exchange(m_again, false))
                reconsider();
        });
}

} // namespace frontline
