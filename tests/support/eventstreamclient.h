// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUrl>

#include <optional>

class QNetworkReply;

namespace frontline::testsupport {

struct ServerSentEvent
{
    QByteArray id;
    QByteArray event;
    QByteArray data;
};

// An event's data as the JSON object the server sent; empty when it is not one.
QJsonObject eventData(const ServerSentEvent &event);

// Reads a server-sent-events response as it arrives, over real HTTP on loopback.
class EventStreamClient final
{
public:
    EventStreamClient();
    ~EventStreamClient();
    Q_DISABLE_COPY_MOVE(EventStreamClient)

    void open(const QUrl &url, const QHash<QByteArray, QByteArray> &headers = {});
    // HTTPS to a server whose certificate is `authority` or is signed by it (a test's own).
    void trust(const QSslCertificate &authority);
    // Waits (running the event loop) until `count` events of type `event` have come, or
    // the timeout; returns whether they came.
    bool waitFor(const QByteArray &event, int count, int timeoutMs = 5000);
    QList<ServerSentEvent> events(const QByteArray &event) const;
    // Every event so far, of every type, in the order they came.
    QList<ServerSentEvent> all() const { return m_events; }
    int status() const;
    QByteArray header(const QByteArray &name) const;
    bool isFinished() const;
    void close();

private:
    void parse();

    QNetworkAccessManager m_manager;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_buffer;
    QList<ServerSentEvent> m_events;
    std::optional<QSslConfiguration> m_tls;
};

} // namespace frontline::testsupport
