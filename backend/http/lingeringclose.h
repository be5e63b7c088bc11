// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

#include <chrono>

class QTcpSocket;

namespace frontline::http {

// Writes a last answer and closes the connection so that the client reads it. Closing a
// socket that still has unread bytes from the client makes the kernel send a reset, and a
// reset can overtake the answer: the client then sees "connection reset" instead of, say, a
// 503 with its Retry-After. So: write, shut down the sending side once the answer is out,
// read and discard whatever the client still sends for up to `linger`, then close. The
// socket emits disconnected() when it is closed; its owner deletes it. Over TLS the close is TLS's
// own (close_notify).
void closeAfterAnswer(
    QTcpSocket *socket, const QByteArray &answer, std::chrono::milliseconds linger);
// Closes at once with a reset, dropping what the kernel still holds for the client too: a
// plain close would leave the kernel trying to deliver it to a client that does not read.
void resetConnection(QTcpSocket *socket);

} // namespace frontline::http
