// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "responder.h"
#include "response.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;

namespace frontline::http {

// One open server-sent-events response. It owns the responder; when the client goes away
// the stream deletes itself, and the responder is dropped while its
// socket still exists (Qt 6.4 frees the socket after a disconnect).
//
// What the client has not read yet waits in the socket's buffer, in server memory. A writer
// with much to say (a replay) writes while hasRoom() and goes on at drained(); whatever is
// written, a stream whose unsent bytes pass MaxUnsentBytes is cut (its client is not
// reading: it reconnects with its Last-Event-ID when it is back).
class EventStream final : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 RoomBelowBytes = 64 * 1024;
    static constexpr qint64 MaxUnsentBytes = 1024 * 1024;

    EventStream(Responder &&responder, const HeaderList &extraHeaders,
        std::chrono::milliseconds heartbeat, QObject *parent = nullptr);
    ~EventStream() override;
    Q_DISABLE_COPY_MOVE(EventStream)

    bool isOpen() const;
    // Bytes written and not yet taken by the client's connection.
    qint64 unsentBytes() const;
    // Open, and little enough unsent that more may be written.
    bool hasRoom() const;
    // An event; `id` becomes the client's Last-Event-ID when given.
    void send(const QByteArray &event, const QByteArray &data, std::optional<qint64> id = {});
    // The bytes of an event, made once for every stream that sends it (sendFrame).
    static QByteArray frame(
        const QByteArray &event, const QByteArray &data, std::optional<qint64> id = {});
    void sendFrame(const QByteArray &frame);
    void close();

Q_SIGNALS:
    // The client has read enough that hasRoom() again.
    void drained();

private:
    void write(const QByteArray &bytes);
    void onBytesWritten();

    Responder m_responder;
    QPointer<QTcpSocket> m_socket;
    QTimer m_heartbeat;
    bool m_closed = false;
};

} // namespace frontline::http
