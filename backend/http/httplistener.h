// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "requestframer.h"

#include <QHash>
#include <QHostAddress>
#include <QSslConfiguration>
#include <QTcpServer>
#include <chrono>
#include <optional>

namespace frontline::http {

struct ListenerLimits
{
    FramingLimits framing;
    std::chrono::milliseconds requestTimeout{10000}; // from a request's first byte to its last
    std::chrono::milliseconds idleTimeout{60000};    // no byte either way: the connection goes
    int maxConnectionsPerIp = 256;
};

// The listening socket under QHttpServer (given to it with bind()), which in Qt 6.4 has no
// limits of its own. Every byte a client sends is framed here before QHttpServer reads it:
// a head over the limit gets 431, a body over the limit 413 (before the body is read), a
// malformed request 400, a request sent too slowly 408 — each answered, then the connection
// closed. Connections idle for too long are closed, and one address cannot hold more than
// its share of connections. With a TLS configuration it serves HTTPS.
class HttpListener final : public QTcpServer
{
    Q_OBJECT
public:
    explicit HttpListener(ListenerLimits limits, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(HttpListener)

    void setTlsConfiguration(const QSslConfiguration &configuration);
    int openConnections() const;

Q_SIGNALS:
    void openConnectionsChanged(int open);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void release(const QHostAddress &address);

    ListenerLimits m_limits;
    std::optional<QSslConfiguration> m_tls;
    QHash<QHostAddress, int> m_connectionsPerIp;
    int m_openConnections = 0;
};

} // namespace frontline::http
