// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientaddress.h"

#include "request.h"

#include <QCoreApplication>

namespace frontline::http {

std::optional<ClientAddress> ClientAddress::parse(const QString &trustedProxies, QString *error)
{
    ClientAddress result;
    const QStringList items = trustedProxies.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &raw : items) {
        const QString item = raw.trimmed();
        QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(item);
        if (subnet.first.isNull()) {
            QHostAddress single(item);
            if (single.isNull()) {
                *error = QCoreApplication::translate("ClientAddress",
                    "Invalid trusted proxy \"%1\": write IP addresses or "
                    "subnets separated by commas, e.g. 127.0.0.1,10.0.0.0/8.")
                             .arg(item);
                return std::nullopt;
            }
            subnet = { single, single.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32 };
        }
        result.m_trustedProxies.append(subnet);
    }
    return result;
}

bool ClientAddress::isTrusted(const QHostAddress &address) const
{
    for (const auto &subnet : m_trustedProxies) {
        if (address.isInSubnet(subnet))
            return true;
    }
    return false;
}

QHostAddress ClientAddress::of(const Request &request) const
{
    return of(request.peerAddress(), request.header(QByteArrayLiteral("X-Forwarded-For")));
}

QHostAddress ClientAddress::of(QHostAddress peer, QByteArrayView forwardedFor) const
{
    bool ipv4 = false;
    const QHostAddress mapped(peer.toIPv4Address(&ipv4));
    if (ipv4)
        peer = mapped; // ::ffff:127.0.0.1 is 127.0.0.1
    if (!isTrusted(peer))
        return peer;
    const QList<QByteArray> hops = forwardedFor.toByteArray().split(',');
    for (auto it = hops.crbegin(); it != hops.crend(); ++it) {
        const QHostAddress hop(QString::fromLatin1(it->trimmed()));
        if (hop.isNull())
            break;
        if (!isTrusted(hop))
            return hop;
        peer = hop;
    }
    return peer;
}

} // namespace frontline::http
