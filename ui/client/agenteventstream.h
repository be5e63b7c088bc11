// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "assistant/ssestream.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkReply;

namespace frontline::ui {

class AgentClient;

// The console's live feed: GET /api/agent/events, kept open. After any drop (server restart,
// network loss, a silent connection) it reconnects by itself with a growing delay, and says
// so, so that the console can re-read what it shows: no silent staleness.
class AgentEventStream final : public QObject
{
    Q_OBJECT
public:
    explicit AgentEventStream(AgentClient &client, QObject *parent = nullptr);
    ~AgentEventStream() override;
    Q_DISABLE_COPY_MOVE(AgentEventStream)

    void start();
    void stop();
    // Tries again at once instead of after the growing delay (the agent asked to).
    void reconnectNow();
    bool isConnected() const { return m_connected; }

Q_SIGNALS:
    // The stream is up: what was received before may be stale, read it again.
    void connected();
    void disconnected(const QString &reason);
    void eventReceived(const QString &name, const QJsonObject &data);
    // The server refused the token (401): signed out, expired, revoked or the agent removed.
    // The stream stops; retrying with the same token cannot help.
    void tokenRefused();

private:
    void open();
    void onReadyRead();
    void onFinished();
    void scheduleReconnect(const QString &reason);

    AgentClient &m_client;
    QPointer<QNetworkReply> m_reply;
    SseStream m_parser;
    QTimer m_reconnect;
    QTimer m_silence;
    int m_delayMs = 0;
    bool m_running = false;
    bool m_connected = false;
};

} // namespace frontline::ui
