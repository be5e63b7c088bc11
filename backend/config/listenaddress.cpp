// SPDX-License-Identifier: GPL-3.0-or-later
#include "listenaddress.h"

#include <QCoreApplication>

namespace frontline {

std::optional<ListenAddress> ListenAddress::parse(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    const qsizetype colon = trimmed.lastIndexOf(QLatin1Char(':'));
    const auto invalid = [&](const QString &problem) {
        *error = QCoreApplication::translate("ListenAddress",
            "Invalid listen address \"%1\": %2. Use HOST:PORT, for example "
            "127.0.0.1:8080, [::1]:8080 or 0.0.0.0:8080.")
                     .arg(trimmed, problem);
        return std::nullopt;
    };
    if (colon < 0)
        return invalid(QCoreApplication::translate("ListenAddress", "no port"));

    QString hostText = trimmed.left(colon);
    bool portOk = false;
    const uint port = trimmed.mid(colon + 1).toUInt(&portOk);
    if (!portOk || port > 65535)
        return invalid(QCoreApplication::translate(
            "ListenAddress", "the port must be a number from 0 to 65535"));

    ListenAddress result;
    result.port = static_cast<quint16>(port);
    if (hostText.startsWith(QLatin1Char('[')) && hostText.endsWith(QLatin1Char(']')))
        hostText = hostText.mid(1, hostText.size() - 2);
    else if (hostText.contains(QLatin1Char(':')))
        return invalid(
            QCoreApplication::translate("ListenAddress", "write an IPv6 address in brackets"));

    if (hostText == QLatin1String("localhost"))
        result.host = QHostAddress(QHostAddress::LocalHost);
    else if (!result.host.setAddress(hostText))
        return invalid(QCoreApplication::translate("ListenAddress", "\"%1\" is not an IP address")
                           .arg(hostText));
    return result;
}

QString ListenAddress::format(const QHostAddress &host, quint16 port)
{
    const QString hostText = host.protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + host.toString() + QLatin1Char(']')
        : host.toString();
    return hostText + QLatin1Char(':') + QString::number(port);
}

} // namespace frontline
