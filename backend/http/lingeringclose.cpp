// SPDX-License-Identifier: GPL-3.0-or-later
#include "lingeringclose.h"

#include <QSslSocket>
#include <QTimer>

#include <sys/socket.h>

namespace frontline::http {

void resetConnection(QTcpSocket *socket)
{
    if (socket->socketDescriptor() != -1) {
        const linger now { 1, 0 };
        ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &now, sizeof now);
    }
    socket->abort();
}

void closeAfterAnswer(
    QTcpSocket *socket, const QByteArray &answer, std::chrono::milliseconds linger)
{
    const bool tls = qobject_cast<QSslSocket *>(socket) != nullptr;
    QObject::disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    const auto shutDownSending = [socket, tls] {
        if (socket->bytesToWrite() > 0 || socket->state() != QAbstractSocket::ConnectedState)
            return;
        if (tls)
            socket->disconnectFromHost();
        else
            ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
    };
    QObject::connect(socket, &QTcpSocket::bytesWritten, socket, shutDownSending);
    auto *deadline = new QTimer(socket);
    deadline->setSingleShot(true);
    QObject::connect(deadline, &QTimer::timeout, socket, [socket] { resetConnection(socket); });
    deadline->start(linger);
    socket->readAll();
    if (answer.isEmpty())
        shutDownSending();
    else
        socket->write(answer);
}

} // namespace frontline::http
