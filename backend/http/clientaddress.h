// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QList>
#include <QPair>

#include <optional>

namespace frontline::http {

class Request;

// Who the client is. The socket's peer address, unless that peer is a proxy the operator
// trusts: then the right-most address in X-Forwarded-For that is not itself a trusted
// proxy (a client can write anything to the left of what its proxies append).
class ClientAddress final
{
public:
    ClientAddress() = default;
    // "127.0.0.1, 10.0.0.0/8, ::1"; nullopt and `error` for anything else.
    static std::optional<ClientAddress> parse(const QString &trustedProxies, QString *error);

    QHostAddress of(const Request &request) const;
    // The same from a connection's peer and the X-Forwarded-For it sent (the listener's view).
    QHostAddress of(QHostAddress peer, QByteArrayView forwardedFor) const;
    bool isTrusted(const QHostAddress &address) const;

private:
    QList<QPair<QHostAddress, int>> m_trustedProxies;
};

} // namespace frontline::http
