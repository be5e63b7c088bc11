// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/clusterevent.h"
#include "store/clustereventlog.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace frontline {

class LiveHub;
class SqlConnection;
class Store;

// Makes this node live with the others on one PostgreSQL database: what another node commits
// (a message, a session's change, a rate-limit hit, a setting) reaches this node's hub, and
// through it the event streams of the customers and agents connected here.
//
// Every change leaves a row in cluster_events in its own transaction (SqlStore::
// setClusterNode, store/clustereventlog.h). The bridge reads those rows on a connection of
// its own, by transaction id
// up to the watermark below which every transaction is over, so a late commit is never
// skipped and no row is read twice; what each row names is then read from the store. A
// notification (LISTEN/NOTIFY) only wakes the bridge up, so a lost or coalesced one costs
// nothing. A check every second notices a dropped listening connection, which Qt's driver
// does not report: the bridge reconnects, subscribes again and reads what it missed.
class ClusterBridge final : public QObject
{
    Q_OBJECT
public:
    ClusterBridge(std::unique_ptr<SqlConnection> listening, Store &store, LiveHub &hub,
        QString node, QObject *parent = nullptr);
    ~ClusterBridge() override;

    // Listens from now on. Throws StoreError when the database cannot be reached.
    void start();

Q_SIGNALS:
    // Another node changed a setting: this node applies it too.
    void settingChanged(const QString &key, const QString &value);

private:
    void catchUp();
    void readNewEvents();
    void deliver(const ClusterEvent &event);
    void removeOldEvents();

    std::unique_ptr<SqlConnection> m_listening;
    ClusterEventLog m_events; // read on m_listening
    Store &m_store;
    LiveHub &m_hub;
    QString m_node;
    qint64 m_watermark = 0;
    bool m_reading = false;
    bool m_wokenWhileReading = false;
    bool m_lostConnection = false;
    QTimer m_check;
    QTimer m_cleanup;
};

} // namespace frontline
