// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clusterevent.h"

#include <QDateTime>
#include <QObject>

#include <functional>

namespace frontline {

class SqlConnection;

// The cluster_events table, through which several nodes on one PostgreSQL database tell each
// other what they changed (see live/clusterbridge.h). A node's store appends an event in the
// transaction of each change; another connection of each node reads the others' events, by
// transaction id up to the watermark below which every transaction is over.
class ClusterEventLog final
{
public:
    explicit ClusterEventLog(SqlConnection &connection);
    ~ClusterEventLog();
    Q_DISABLE_COPY_MOVE(ClusterEventLog)

    // Inside the caller's transaction: the event commits (or not) with the change. (The
    // events of a group of messages are written by frontline_append_messages, with them.)
    void append(const ClusterEvent &event, qint64 atMs);

    qint64 watermark();
    // The events of the transactions that finished since `watermark`, but those of the node
    // `reader`, and the new watermark.
    ClusterEventBatch eventsSince(qint64 watermark, const QString &reader);
    void deleteBefore(const QDateTime &before);
    // `wake` runs whenever another node commits events (PostgreSQL's LISTEN/NOTIFY: a hint to
    // read, never the events themselves), not for a notification that names `node` itself
    // (a group of its own messages); subscribed again after a reconnection. Throws
    // StoreError(Unavailable) when the subscription fails.
    void listen(std::function<void()> wake, const QString &node);

private:
    void subscribe();

    SqlConnection &m_connection;
    std::function<void()> m_wake;
    QString m_node; // whose notifications do not wake it
    QObject m_context; // of the driver's notifications: they stop with the log
};

} // namespace frontline
