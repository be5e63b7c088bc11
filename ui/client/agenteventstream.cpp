// SPDX-License-Identifier: GPL-3.0-or-later
#include "agenteventstream.h"

#include "agentclient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace frontline::ui {

namespace {

constexpr int FirstRetryMs = 250;
constexpr int LongestRetryMs = 10000;
// A connection that sends nothing for this long is dead (the server sends a heartbeat every
// 15 s by default).
constexpr int SilenceTimeoutMs = 45000;

} // namespace

AgentEventStream::AgentEventStream(AgentClient &client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &AgentEventStream::open);
    m_silence.setSingleShot(true);
    connect(&m_silence, &QTimer::timeout, this, [this] {
        if (m_reply)
            m_reply->abort(); // onFinished reconnects
    });
}

AgentEventStream::~AgentEventStream()
{
    stop();
}

void AgentEventStream::start()
{
    m_running = true;
    m_delayMs = 0;
    open();
}

void AgentEventStream::stop()
{
    m_running = false;
    m_reconnect.stop();
    m_silence.stop();
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    m_connected = false;
}

void AgentEventStream::reconnectNow()
{
    if (!m_running || m_connected || m_reply)
        return;
    m_reconnect.stop();
    m_delayMs = 0;
    open();
}

void AgentEventStream::open()
{
    if (!m_running || m_reply)
        return;
    QNetworkRequest request(m_client.url(QStringLiteral("/api/agent/events")));
    request.setRawHeader("Authorization", "Bearer " + m_client.token().toUtf8());
    request.setRawHeader("Accept", "text/event-stream");
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    m_parser = SseStream();
    m_reply = m_client.network()->get(request);
    connect(m_reply, &QNetworkReply::readyRead, this, &AgentEventStream::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &AgentEventStream::onFinished);
    m_silence.start(SilenceTimeoutMs);
}

void AgentEventStream::onReadyRead()
{
    if (!m_reply)
        return;
    if (m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return; // an error answer: onFinished reports it
    m_silence.start(SilenceTimeoutMs);
    for (const SseStream::Event &event : m_parser.feed(m_reply->readAll())) {
        const QString name = QString::fromUtf8(event.event);
        if (name == QLatin1String("hello")) {
            m_connected = true;
            m_delayMs = 0;
            Q_EMIT connected();
            continue;
        }
        Q_EMIT eventReceived(name, QJsonDocument::fromJson(event.data).object());
    }
}

void AgentEventStream::onFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    m_silence.stop();
    if (!reply)
        return;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QString reason;
    if (status == 401) {
        stop();
        Q_EMIT disconnected(tr("the server refused the agent token"));
        Q_EMIT tokenRefused();
        return;
    }
    if (status != 0 && status != 200)
        reason = tr("the server answered %1").arg(status);
    else if (reply->error() != QNetworkReply::NoError)
        reason = reply->errorString();
    else
        reason = tr("the server closed the stream");
    scheduleReconnect(reason);
}

void AgentEventStream::scheduleReconnect(const QString &reason)
{
    const bool wasConnected = m_connected;
    m_connected = false;
    if (wasConnected || m_delayMs == 0)
        Q_EMIT disconnected(reason);
    if (!m_running)
        return;
    m_delayMs = m_delayMs == 0 ? FirstRetryMs : std::min(m_delayMs * 2, LongestRetryMs);
    m_reconnect.start(m_delayMs);
}

} // namespace frontline::ui
