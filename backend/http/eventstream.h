// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;

namespace frontline::http {

// One open server-sent-events response. It owns the responder; when the client goes away
// the stream emits closed() and deletes itself, and the responder is dropped while its
// socket still exists (Qt 6.4 frees the socket after a disconnect).
class EventStream final : public QObject
{
    Q_OBJECT
public:
    using Headers = QList<std::pair<QByteArray, QByteArray>>;

    EventStream(QHttpServerResponder &&responder, const Headers &extraHeaders,
                std::chrono::milliseconds heartbeat, QObject *parent = nullptr);
    ~EventStream() override;
    Q_DISABLE_COPY_MOVE(EventStream)

    bool isOpen() const;
    // An event; `id` becomes the client's Last-Event-ID when given.
    void send(const QByteArray &event, const QByteArray &data, std::optional<qint64> id = {});
    void close();

Q_SIGNALS:
    void closed();

private:
    void write(const QByteArray &bytes);

    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    QTimer m_heartbeat;
    bool m_closed = false;
};

} // namespace frontline::http
