// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QTcpSocket>

#include <functional>

namespace frontline::http {

// The socket QHttpServer reads its requests from and writes its answers to, in place of the
// network connection. QHttpServer 6.4 reads the next pipelined request as soon as a handler
// has taken the previous one, and answers them in whatever order the handlers finish; it
// also buffers whatever a client sends. Through this socket the connection's guard hands it
// one framed request at a time and sees every byte of every answer before the network does.
class ServedSocket final : public QTcpSocket
{
    Q_OBJECT
public:
    struct Wire
    {
        std::function<void(QByteArrayView)> write; // an answer's bytes, as QHttpServer wrote them
        std::function<qint64()> unsent; // bytes written but not yet on the network
        std::function<void()> close; // QHttpServer or a handler closes the connection
        std::function<void()> reset; // a handler ends it at once, dropping what is unsent
    };

    ServedSocket(const QAbstractSocket &network, Wire wire, QObject *parent);
    Q_DISABLE_COPY_MOVE(ServedSocket)
    ~ServedSocket() override;

    // One complete request, for QHttpServer to read.
    void deliver(const QByteArray &request);
    void networkWrote(qint64 bytes);
    void networkClosed();

    qint64 bytesAvailable() const override;
    qint64 bytesToWrite() const override;
    void disconnectFromHost() override;
    // Ends the connection at once, dropping what the client has not read: for a client that
    // does not read, to which a graceful close (and QAbstractSocket::abort(), which closes
    // through disconnectFromHost() here) would wait for ever.
    void dropConnection();

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 skipData(qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    Wire m_wire;
    QByteArray m_inbound;
    qsizetype m_inboundRead = 0;
};

} // namespace frontline::http
