// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/agent.h"
#include "domain/cannedresponse.h"
#include "domain/chatmessage.h"
#include "domain/chatsession.h"
#include "domain/knowledge.h"
#include "domain/label.h"
#include "domain/outboxmail.h"
#include "domain/ratelimithit.h"
#include "store/clusterevent.h"
#include "store/clustereventlog.h"
#include "store/databaseurl.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QThread;

namespace frontline {

class LiveHub;
class SqlConnection;
class Store;

// Makes this node live with the others on one PostgreSQL database: what another node commits
// (a message, a session's change, a rate-limit hit, a setting, an agent's name) reaches this node's
// hub, and through it the event streams of the customers and agents connected here.
//
// Every change leaves a row in cluster_events in its own transaction (SqlStore::
// setClusterNode, store/clustereventlog.h). The bridge reads those rows on a connection of
// its own, by transaction id
// up to the watermark below which every transaction is over, so a late commit is never
// skipped and no row is read twice; what each row names is then read from the store. A
// notification (LISTEN/NOTIFY) only wakes the bridge up, so a lost or coalesced one costs
// nothing. A check every second notices a dropped listening connection, which Qt's driver
// does not report: the bridge reconnects, subscribes again and reads what it missed.
//
// The bridge runs on a thread of its own (see ClusterListener), where its connections were
// opened; what it hears it announces with its signals, which reach the hub queued.
class ClusterBridge final : public QObject
{
    Q_OBJECT
public:
    ClusterBridge(DatabaseUrl database, QString node);
    ~ClusterBridge() override;

    // Opens its connections and listens from now on, on the calling thread. Throws
    // StoreError when the database cannot be reached.
    void start();

Q_SIGNALS:
    void messageAdded(const frontline::ChatMessage &message);
    void sessionChanged(const frontline::ChatSession &session);
    void rateLimitHit(const frontline::RateLimitHit &hit);
    // Another node changed a setting: this node applies it too.
    void settingChanged(const QString &key, const QString &value);
    void agentChanged(const frontline::Agent &agent);
    void labelChanged(const frontline::Label &label, bool removed);
    // A row of the outbox another node queued, claimed, sent, failed or queued again.
    void mailChanged(const frontline::OutboxMail &mail);
    void cannedResponseSaved(const frontline::CannedResponse &response);
    void cannedResponseRemoved(qint64 id);
    void knowledgeArticleSaved(const frontline::KnowledgeArticle &article);
    void knowledgeArticleRemoved(qint64 id);
    // A question the knowledge base did not answer was recorded, or dismissed, on another node.
    void unansweredQuestionRecorded(const frontline::UnansweredQuestion &question);
    void unansweredQuestionDismissed(qint64 id);
    // Another node changed what the agent `username` is (online, away, offline): this node
    // reads it, with the presence lifetime it knows (AgentPresence::followAnotherNode).
    void presenceNoticed(const QString &username);
    // Someone types in a session on another node (the customer when `agent` is empty; their
    // display name as stored, read here, so that this node names them at once).
    void typing(const QString &sessionId, const QString &agent, const QString &agentName);
    // Another node stored what the customer has seen of a session.
    void customerSeen(const QString &sessionId, qint64 seq);

private:
    void catchUp();
    void readNewEvents();
    void deliver(const ClusterEvent &event);
    void removeOldEvents();

    DatabaseUrl m_database;
    std::unique_ptr<SqlConnection> m_listening;
    std::unique_ptr<ClusterEventLog> m_events; // read on m_listening
    std::unique_ptr<Store> m_store; // what the events name is read here
    QString m_node;
    qint64 m_watermark = 0;
    bool m_reading = false;
    bool m_wokenWhileReading = false;
    bool m_lostConnection = false;
    // Children, so that they move to the bridge's thread with it.
    QTimer m_check { this };
    QTimer m_cleanup { this };
};

// Runs a ClusterBridge on a thread of its own, so that neither its reads nor a database that
// stops answering hold up the thread serving HTTP, and relays what it hears to the hub.
class ClusterListener final : public QObject
{
    Q_OBJECT
public:
    ClusterListener(DatabaseUrl database, QString node, LiveHub &hub, QObject *parent = nullptr);
    // Stops the bridge and its thread; what it announced before is still delivered.
    ~ClusterListener() override;
    Q_DISABLE_COPY_MOVE(ClusterListener)

    // Starts listening (waiting for the connections to open). Throws StoreError when the
    // database cannot be reached.
    void start();

Q_SIGNALS:
    void settingChanged(const QString &key, const QString &value);
    void presenceNoticed(const QString &username);

private:
    std::unique_ptr<QThread> m_thread;
    ClusterBridge *m_bridge; // lives on m_thread
};

} // namespace frontline
