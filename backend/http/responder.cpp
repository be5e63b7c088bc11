// SPDX-License-Identifier: GPL-3.0-or-later
#include "responder.h"

#include "response.h"

#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QTcpSocket>

namespace frontline::http {

Responder::Responder(QHttpServerResponder &&responder)
    : m_responder(std::make_unique<QHttpServerResponder>(std::move(responder)))
    , m_socket(m_responder->socket())
{
}

Responder::Responder(Responder &&other) noexcept = default;
Responder &Responder::operator=(Responder &&other) noexcept = default;
Responder::~Responder() = default;

bool Responder::clientGone() const
{
    return !m_responder || !m_socket || m_socket->state() != QAbstractSocket::ConnectedState;
}

void Responder::answer(const Response &response)
{
    if (clientGone())
        return;
    const auto status = static_cast<QHttpServerResponse::StatusCode>(response.status);
    QHttpServerResponse written = response.contentType.isEmpty() && response.body.isEmpty()
        ? QHttpServerResponse(status)
        : QHttpServerResponse(response.contentType, response.body, status);
    // QtHttpServer 6.4's afterRequest sees only answers a route returns, not those written to
    // a responder, so the common headers are applied here, where every answer passes.
    for (const auto &[name, value] : commonHeaders())
        written.setHeader(name, value);
    for (const auto &[name, value] : response.headers)
        written.setHeader(name, value);
    written.write(std::move(*m_responder));
    m_responder.reset();
}

} // namespace frontline::http
