// SPDX-License-Identifier: GPL-3.0-or-later
#include "clusterbridge.h"

#include "core/logging.h"
#include "live/livehub.h"
#include "store/sqlconnection.h"
#include "store/sqlstore.h"
#include "store/store.h"
#include "store/storeerror.h"

#include <QDateTime>
#include <QThread>

namespace frontline {

namespace {

// Events are only for nodes that are running: kept long enough for a slow one to read them.
constexpr auto EventLifetime = std::chrono::hours(1);

} // namespace

ClusterBridge::ClusterBridge(DatabaseUrl database, QString node)
    : m_database(std::move(database))
    , m_node(std::move(node))
{
    m_check.setInterval(std::chrono::seconds(1));
    connect(&m_check, &QTimer::timeout, this, &ClusterBridge::catchUp);
    m_cleanup.setInterval(std::chrono::minutes(10));
    connect(&m_cleanup, &QTimer::timeout, this, &ClusterBridge::removeOldEvents);
}

ClusterBridge::~ClusterBridge() = default;

void ClusterBridge::start()
{
    m_listening = SqlConnection::open(
        m_database.withApplicationName(QStringLiteral("frontline-cluster-listener")));
    m_events = std::make_unique<ClusterEventLog>(*m_listening);
    m_store = SqlStore::open(m_database.withApplicationName(QStringLiteral("frontline-cluster")));
    // Subscribed before the watermark is taken: whatever commits after it wakes us up.
    m_events->listen([this] { catchUp(); }, m_node);
    m_watermark = m_events->watermark();
    // One read at once. Qt 6.4's driver did not announce the first notification to a
    // connection that had run no query since its LISTEN (seen in tst_cluster); after one
    // read it announces every one.
    catchUp();
    m_check.start();
    m_cleanup.start();
}

void ClusterBridge::catchUp()
{
    // A wake-up while reading (Qt's driver may announce a notification from within a query)
    // means more has committed since that read began: read once more rather than wait.
    if (m_reading) {
        m_wokenWhileReading = true;
        return;
    }
    m_reading = true;
    do {
        m_wokenWhileReading = false;
        readNewEvents();
    } while (m_wokenWhileReading && !m_lostConnection);
    m_reading = false;
}

void ClusterBridge::readNewEvents()
{
    try {
        const ClusterEventBatch batch = m_events->eventsSince(m_watermark, m_node);
        if (m_lostConnection) {
            qCInfo(lcBackend, "Listening to the other nodes again");
            m_lostConnection = false;
        }
        for (const ClusterEvent &event : batch.events) {
            if (event.node != m_node)
                deliver(event);
        }
        // Only now: if reading what an event names failed, the batch comes again (a stream may
        // get an event twice, which clients place by seq; never miss one).
        m_watermark = batch.watermark;
    } catch (const StoreError &error) {
        // The next check reconnects and reads from the same watermark: nothing is lost.
        if (!m_lostConnection)
            qCWarning(
                lcBackend, "Not hearing from the other nodes: %s", qUtf8Printable(error.message()));
        m_lostConnection = true;
    }
}

void ClusterBridge::deliver(const ClusterEvent &event)
{
    if (event.kind == QLatin1String("message")) {
        const QList<ChatMessage> messages
            = m_store->messagesAfter(event.subject, event.number - 1, 1);
        if (!messages.isEmpty() && messages.constFirst().seq == event.number)
            Q_EMIT messageAdded(messages.constFirst());
    } else if (event.kind == QLatin1String("session")) {
        if (const auto session = m_store->session(event.subject))
            Q_EMIT sessionChanged(*session);
    } else if (event.kind == QLatin1String("rate-limit-hit")) {
        if (const auto hit = m_store->rateLimitHit(event.subject.toLongLong()))
            Q_EMIT rateLimitHit(*hit);
    } else if (event.kind == QLatin1String("setting")) {
        const QString value = m_store->setting(event.subject).value_or(QString());
        Q_EMIT settingChanged(event.subject, value);
    } else if (event.kind == QLatin1String("agent")) {
        if (auto agent = m_store->agentByUsername(event.subject)) {
            agent->passwordHash.clear(); // nothing that listens needs it
            Q_EMIT agentChanged(*agent);
        }
    } else if (event.kind == QLatin1String("labels")) {
        const qint64 id = event.subject.toLongLong();
        if (const auto label = m_store->label(id))
            Q_EMIT labelChanged(*label, false);
        else
            Q_EMIT labelChanged(Label { .id = id }, true);
    } else if (event.kind == QLatin1String("presence")) {
        Q_EMIT presenceNoticed(event.subject);
    } else if (event.kind == QLatin1String("canned")) {
        // As it is now: an event of a response removed since says it is gone.
        const qint64 id = event.subject.toLongLong();
        if (const auto response = m_store->cannedResponse(id))
            Q_EMIT cannedResponseSaved(*response);
        else
            Q_EMIT cannedResponseRemoved(id);
    } else if (event.kind == QLatin1String("knowledge")) {
        // As it is now: an event of an article removed since says it is gone. (An empty
        // subject came from a node before "unanswered" events: it names no article.)
        if (event.subject.isEmpty())
            return;
        const qint64 id = event.subject.toLongLong();
        if (const auto article = m_store->knowledgeArticle(id))
            Q_EMIT knowledgeArticleSaved(*article);
        else
            Q_EMIT knowledgeArticleRemoved(id);
    } else if (event.kind == QLatin1String("unanswered")) {
        // As it is now: a question dismissed since (or gone with its session) says so.
        const qint64 id = event.subject.toLongLong();
        if (const auto question = m_store->unansweredQuestion(id))
            Q_EMIT unansweredQuestionRecorded(*question);
        else
            Q_EMIT unansweredQuestionDismissed(id);
    } else if (event.kind == QLatin1String("mail")) {
        // As the row stands now (a later event brings its later state); a row gone with its
        // session is nothing to show.
        if (const auto mail = m_store->mail(event.number))
            Q_EMIT mailChanged(*mail);
    } else if (event.kind == QLatin1String("seen")) {
        // The event carries the seq itself: it only grows, so the value is the state.
        Q_EMIT customerSeen(event.subject, event.number);
    } else if (event.kind == QLatin1String("typing")) {
        // Typing is stored nowhere: its event is all there is of it (who types is its actor),
        // a moment's news that a bridge reading late relays late, which the consoles and pages
        // forget after a few seconds anyway. An agent's name is read here: this node may not
        // know it yet, and the customer would read "an agent".
        QString name;
        if (!event.actor.isEmpty()) {
            if (const auto agent = m_store->agentByUsername(event.actor))
                name = agent->displayName;
        }
        Q_EMIT typing(event.subject, event.actor, name);
    }
}

void ClusterBridge::removeOldEvents()
{
    try {
        m_events->deleteBefore(QDateTime::currentDateTimeUtc().addSecs(
            -std::chrono::duration_cast<std::chrono::seconds>(EventLifetime).count()));
    } catch (const StoreError &error) {
        qCWarning(
            lcBackend, "Cannot remove old cluster events: %s", qUtf8Printable(error.message()));
    }
}

ClusterListener::ClusterListener(DatabaseUrl database, QString node, LiveHub &hub, QObject *parent)
    : QObject(parent)
    , m_thread(std::make_unique<QThread>())
    , m_bridge(new ClusterBridge(std::move(database), std::move(node)))
{
    m_thread->setObjectName(QStringLiteral("cluster listener"));
    m_bridge->moveToThread(m_thread.get());
    // Queued: the hub and its listeners live on this thread.
    connect(m_bridge, &ClusterBridge::messageAdded, &hub, &LiveHub::messageAdded);
    connect(m_bridge, &ClusterBridge::sessionChanged, &hub, &LiveHub::sessionChanged);
    connect(m_bridge, &ClusterBridge::rateLimitHit, &hub, &LiveHub::rateLimitHit);
    connect(m_bridge, &ClusterBridge::agentChanged, &hub, &LiveHub::agentChanged);
    connect(m_bridge, &ClusterBridge::cannedResponseSaved, &hub, &LiveHub::cannedResponseSaved);
    connect(m_bridge, &ClusterBridge::cannedResponseRemoved, &hub, &LiveHub::cannedResponseRemoved);
    connect(m_bridge, &ClusterBridge::knowledgeArticleSaved, &hub, &LiveHub::knowledgeArticleSaved);
    connect(
        m_bridge, &ClusterBridge::knowledgeArticleRemoved, &hub, &LiveHub::knowledgeArticleRemoved);
    connect(m_bridge, &ClusterBridge::unansweredQuestionRecorded, &hub,
        &LiveHub::unansweredQuestionRecorded);
    connect(m_bridge, &ClusterBridge::unansweredQuestionDismissed, &hub,
        &LiveHub::unansweredQuestionDismissed);
    connect(m_bridge, &ClusterBridge::typing, &hub, &LiveHub::typing);
    connect(m_bridge, &ClusterBridge::customerSeen, &hub, &LiveHub::customerSeen);
    connect(m_bridge, &ClusterBridge::labelChanged, &hub, &LiveHub::labelChanged);
    connect(m_bridge, &ClusterBridge::mailChanged, &hub, &LiveHub::mailChanged);
    connect(m_bridge, &ClusterBridge::settingChanged, this, &ClusterListener::settingChanged);
    connect(m_bridge, &ClusterBridge::presenceNoticed, this, &ClusterListener::presenceNoticed);
    m_thread->start();
}

ClusterListener::~ClusterListener()
{
    // Deleted on its own thread, where its connections and timers live.
    QMetaObject::invokeMethod(
        m_bridge, [bridge = m_bridge] { delete bridge; }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

void ClusterListener::start()
{
    std::exception_ptr failure;
    QMetaObject::invokeMethod(
        m_bridge,
        [this, &failure] {
            try {
                m_bridge->start();
            } catch (...) {
                failure = std::current_exception();
            }
        },
        Qt::BlockingQueuedConnection);
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace frontline
