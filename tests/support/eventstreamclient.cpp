// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventstreamclient.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTest>

namespace frontline::testsupport {

QJsonObject eventData(const ServerSentEvent &event)
{
    return QJsonDocument::fromJson(event.data).object();
}

EventStreamClient::EventStreamClient()
{
    m_manager.setProxy(QNetworkProxy::NoProxy);
}

EventStreamClient::~EventStreamClient()
{
    close();
}

void EventStreamClient::trust(const QSslCertificate &authority)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.addCaCertificate(authority);
    m_tls = tls;
}

void EventStreamClient::open(const QUrl &url, const QHash<QByteArray, QByteArray> &headers)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "text/event-stream");
    if (m_tls)
        request.setSslConfiguration(*m_tls);
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        request.setRawHeader(it.key(), it.value());
    m_reply = m_manager.get(request);
    QObject::connect(m_reply, &QNetworkReply::readyRead, m_reply, [this] { parse(); });
}

void EventStreamClient::parse()
{
    m_buffer += m_reply->readAll();
    qsizetype end;
    while ((end = m_buffer.indexOf("\n\n")) >= 0) {
        const QByteArray block = m_buffer.left(end);
        m_buffer.remove(0, end + 2);
        ServerSentEvent event;
        event.event = "message";
        bool any = false;
        for (const QByteArray &line : block.split('\n')) {
            if (line.startsWith(':') || line.isEmpty())
                continue;
            const qsizetype colon = line.indexOf(':');
            const QByteArray field = line.left(colon);
            const QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1).trimmed();
            if (field == "id")
                event.id = value;
            else if (field == "event")
                event.event = value;
            else if (field == "data")
                event.data += value;
            else
                continue;
            any = any || field != "id" || !value.isEmpty();
        }
        if (any && !event.data.isEmpty())
            m_events.append(event);
    }
}

bool EventStreamClient::waitFor(const QByteArray &event, int count, int timeoutMs)
{
    QElapsedTimer waited;
    waited.start();
    while (events(event).size() < count && waited.elapsed() < timeoutMs) {
        QTest::qWait(10);
        if (m_reply && m_reply->bytesAvailable() > 0)
            parse();
    }
    return events(event).size() >= count;
}

QList<ServerSentEvent> EventStreamClient::events(const QByteArray &event) const
{
    QList<ServerSentEvent> result;
    for (const ServerSentEvent &e : m_events) {
        if (e.event == event)
            result.append(e);
    }
    return result;
}

int EventStreamClient::status() const
{
    return m_reply ? m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() : 0;
}

QByteArray EventStreamClient::header(const QByteArray &name) const
{
    return m_reply ? m_reply->rawHeader(name) : QByteArray();
}

bool EventStreamClient::isFinished() const
{
    return !m_reply || m_reply->isFinished();
}

void EventStreamClient::close()
{
    if (m_reply) {
        m_reply->abort();
        m_reply->deleteLater();
    }
}

} // namespace frontline::testsupport
