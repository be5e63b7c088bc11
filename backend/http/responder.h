// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>

#include <memory>

class QHttpServerResponder;
class QTcpSocket;

namespace frontline::http {

struct Response;

// The way back to one client: answer now, keep it to answer later (after the assistant, a
// commit), or hand it to an EventStream. It holds the socket in a QPointer because Qt 6.4
// frees the socket when the client disconnects, which would leave a kept QHttpServerResponder
// dangling: an answer to a client that has gone is dropped instead.
class Responder final
{
public:
    // Made by the router.
    explicit Responder(QHttpServerResponder &&responder);
    Responder(Responder &&other) noexcept;
    Responder &operator=(Responder &&other) noexcept;
    ~Responder();
    Q_DISABLE_COPY(Responder)

    bool clientGone() const;
    // Writes `response` after the common headers (see commonHeaders()), once; nothing when the
    // client has gone.
    void answer(const Response &response);

private:
    friend class EventStream; // writes its answer piece by piece

    std::unique_ptr<QHttpServerResponder> m_responder;
    QPointer<QTcpSocket> m_socket;
};

} // namespace frontline::http
