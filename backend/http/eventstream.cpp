// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventstream.h"

#include "core/logging.h"
#include "servedsocket.h"

#include <QHttpServerResponder>
#include <QTcpSocket>

namespace frontline::http {

EventStream::EventStream(Responder &&responder, const HeaderList &extraHeaders,
    std::chrono::milliseconds heartbeat, QObject *parent)
    : QObject(parent)
    , m_responder(std::move(responder))
    , m_socket(m_responder.m_socket)
{
    QHttpServerResponder &raw = *m_responder.m_responder;
    raw.writeStatusLine(QHttpServerResponder::StatusCode::Ok);
    raw.writeHeader(
        QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/event-stream; charset=utf-8"));
    for (const auto &[name, value] : commonHeaders())
        raw.writeHeader(name, value);
    // nginx and similar proxies must pass events through as they come.
    raw.writeHeader(QByteArrayLiteral("X-Accel-Buffering"), QByteArrayLiteral("no"));
    raw.writeHeader(QByteArrayLiteral("Connection"), QByteArrayLiteral("close"));
    for (const auto &[name, value] : extraHeaders)
        raw.writeHeader(name, value);
    // The first body write ends the header block (Qt writes the blank line); it tells
    // EventSource how soon to reconnect.
    raw.writeBody(QByteArrayLiteral("retry: 2000\n\n"));

    if (m_socket) {
        connect(m_socket, &QTcpSocket::disconnected, this, &EventStream::close);
        connect(m_socket, &QObject::destroyed, this, &EventStream::close);
        connect(m_socket, &QTcpSocket::bytesWritten, this, &EventStream::onBytesWritten);
    }
    m_heartbeat.setInterval(heartbeat);
    connect(&m_heartbeat, &QTimer::timeout, this,
        [this] { write(QByteArrayLiteral(": heartbeat\n\n")); });
    m_heartbeat.start();
}

EventStream::~EventStream() = default;

bool EventStream::isOpen() const
{
    return !m_closed && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

qint64 EventStream::unsentBytes() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

bool EventStream::hasRoom() const
{
    return isOpen() && unsentBytes() < RoomBelowBytes;
}

void EventStream::onBytesWritten()
{
    if (hasRoom())
        Q_EMIT drained();
}

QByteArray EventStream::frame(
    const QByteArray &event, const QByteArray &data, std::optional<qint64> id)
{
    QByteArray bytes;
    bytes.reserve(data.size() + event.size() + 40);
    if (id)
        bytes += "id: " + QByteArray::number(*id) + '\n';
    bytes += "event: " + event + '\n';
    // A data line may not contain a line break; JSON from QJsonDocument::Compact has none.
    bytes += "data: " + data + "\n\n";
    return bytes;
}

void EventStream::send(const QByteArray &event, const QByteArray &data, std::optional<qint64> id)
{
    write(frame(event, data, id));
}

void EventStream::sendFrame(const QByteArray &frame)
{
    write(frame);
}

void EventStream::write(const QByteArray &bytes)
{
    if (!isOpen())
        return;
    m_responder.m_responder->writeBody(bytes);
    if (unsentBytes() > MaxUnsentBytes) {
        qCInfo(lcHttp, "Closed an event stream to %s: %lld bytes unsent, its client is not reading",
            qUtf8Printable(m_socket->peerAddress().toString()), unsentBytes());
        // Reset, not disconnected: a graceful close would keep the unsent bytes until the
        // client reads them, which it does not.
        if (auto *served = qobject_cast<ServedSocket *>(m_socket.data()))
            served->dropConnection();
        else
            m_socket->abort();
        close();
    }
}

void EventStream::close()
{
    if (m_closed)
        return;
    m_closed = true;
    m_heartbeat.stop();
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost();
    deleteLater();
}

} // namespace frontline::http
