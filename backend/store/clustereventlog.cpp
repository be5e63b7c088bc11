// SPDX-License-Identifier: GPL-3.0-or-later
#include "clustereventlog.h"

#include "sqlconnection.h"
#include "sqlerrors.h"
#include "sqlrow.h"

#include <QCoreApplication>
#include <QSqlDriver>
#include <QSqlError>

#include <algorithm>

namespace frontline {

using namespace sql;

ClusterEventLog::ClusterEventLog(SqlConnection &connection)
    : m_connection(connection)
{
}

ClusterEventLog::~ClusterEventLog()
{
    if (m_wake)
        m_connection.setReconnectedHandler({});
}

void ClusterEventLog::append(const ClusterEvent &event, qint64 atMs)
{
    QSqlQuery &insert = m_connection.prepared(QStringLiteral("insert_cluster_event"));
    bind(insert, "node", event.node);
    bind(insert, "kind", event.kind);
    bind(insert, "subject", event.subject);
    bind(insert, "number", event.number);
    bind(insert, "actor", event.actor.isNull() ? QStringLiteral("") : event.actor);
    bind(insert, "at", atMs);
    m_connection.exec(insert, QStringLiteral("insert_cluster_event"));
    insert.finish();
}

qint64 ClusterEventLog::watermark()
{
    m_connection.ensureConnected();
    QSqlQuery &query = m_connection.prepared(QStringLiteral("select_cluster_watermark"));
    m_connection.exec(query, QStringLiteral("select_cluster_watermark"));
    return readNumber(query);
}

ClusterEventBatch ClusterEventLog::eventsSince(qint64 watermark, const QString &reader)
{
    m_connection.ensureConnected();
    QSqlQuery &query = m_connection.prepared(QStringLiteral("select_cluster_events"));
    bind(query, "from", watermark);
    bind(query, "node", reader);
    m_connection.exec(query, QStringLiteral("select_cluster_events"));
    ClusterEventBatch batch;
    batch.watermark = watermark;
    const QList<std::pair<qint64, std::optional<ClusterEvent>>> rows
        = readAll<std::pair<qint64, std::optional<ClusterEvent>>>(query, [](const Row &q) {
              std::optional<ClusterEvent> event;
              if (!q.value("kind").isNull())
                  event = ClusterEvent { q.text("node"), q.text("kind"), q.text("subject"),
                      q.value("number").toLongLong(), q.text("actor") };
              return std::pair { q.value("watermark").toLongLong(), event };
          });
    for (const auto &[rowWatermark, event] : rows) {
        batch.watermark = std::max(batch.watermark, rowWatermark);
        if (event)
            batch.events.append(*event);
    }
    return batch;
}

void ClusterEventLog::deleteBefore(const QDateTime &before)
{
    m_connection.ensureConnected();
    QSqlQuery &query = m_connection.prepared(QStringLiteral("delete_old_cluster_events"));
    bind(query, "before", before.toMSecsSinceEpoch());
    m_connection.exec(query, QStringLiteral("delete_old_cluster_events"));
    query.finish();
}

void ClusterEventLog::listen(std::function<void()> wake, const QString &node)
{
    m_wake = std::move(wake);
    m_node = node;
    m_connection.setReconnectedHandler([this] { subscribe(); });
    subscribe();
}

void ClusterEventLog::subscribe()
{
    if (!m_wake || m_connection.dialect() != SqlDialect::Postgresql)
        return;
    QSqlDriver *driver = m_connection.database().driver();
    // The driver stays the same object across reconnections; the subscription does not.
    QObject::disconnect(driver, &QSqlDriver::notification, &m_context, nullptr);
    QObject::connect(driver, &QSqlDriver::notification, &m_context,
        [this](const QString &, QSqlDriver::NotificationSource, const QVariant &payload) {
            if (m_node.isEmpty() || payload.toString() != m_node)
                m_wake();
        });
    if (!driver->subscribedToNotifications().contains(QStringLiteral("frontline_events"))
        && !driver->subscribeToNotification(QStringLiteral("frontline_events"))) {
        m_connection.reconnectAtNextUse();
        throw StoreError(StoreError::Kind::Unavailable,
            QCoreApplication::translate(
                "ClusterEventLog", "Cannot listen for other nodes' events on %1: %2")
                .arg(m_connection.url().displayString(), oneLine(driver->lastError())));
    }
}

} // namespace frontline
