// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

namespace frontline {

// HOST:PORT for --listen: an IPv4 address, an [IPv6] address or "localhost".
struct ListenAddress
{
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8080;

    // nullopt and a sentence in `error` when `text` is not HOST:PORT.
    static std::optional<ListenAddress> parse(const QString &text, QString *error);
    // "127.0.0.1:8080", "[::1]:8080"; with the real port once listening.
    static QString format(const QHostAddress &host, quint16 port);
    QString toString() const { return format(host, port); }
};

} // namespace frontline
