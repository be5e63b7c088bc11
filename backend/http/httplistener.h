// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientaddress.h"
#include "deliveryturns.h"
#include "listenerlimits.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTimer>

#include <chrono>
#include <optional>

namespace frontline::http {

class ConnectionGuard;

// The listening socket under QHttpServer (given to it with bind()), which in Qt 6.4 has no
// limits of its own. Every connection gets a ConnectionGuard that frames what the client
// sends before QHttpServer reads it (see there). One address cannot hold more than its
// share of connections, and all of them together no more than a global cap: at a cap the
// connection of that address (or of anyone, at the global cap) that has been quiet the
// longest makes room, so a slowloris on a shared address cannot lock out its neighbours;
// only when none is quiet is the newcomer refused, with 503 and Retry-After. Behind a proxy
// the operator trusts, each request counts for the client address the proxy forwards, and
// the proxy's own connections only against the global cap. With a TLS configuration it
// serves HTTPS.
class HttpListener final : public QTcpServer
{
    Q_OBJECT
public:
    HttpListener(ListenerLimits limits, ClientAddress clientAddress, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(HttpListener)
    ~HttpListener() override;

    void setTlsConfiguration(const QSslConfiguration &configuration);
    int openConnections() const;

Q_SIGNALS:
    void openConnectionsChanged(int open);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    struct Connection
    {
        QPointer<ConnectionGuard> guard;
        QHostAddress owner; // whom it counts for; none for a trusted proxy's idle connection
    };

    void setUpAccepted();
    void setUp(qintptr socketDescriptor);
    bool makeRoom(const QHostAddress &owner);
    void refuse(QTcpSocket *socket, const QHostAddress &address, const char *cap);
    void logRefusal(const QHostAddress &address, const char *cap);
    void countFor(ConnectionGuard *guard, const QHostAddress &owner);
    void release(ConnectionGuard *guard);

    ListenerLimits m_limits;
    ClientAddress m_clientAddress;
    std::optional<QSslConfiguration> m_tls;
    // Accepted, not yet set up: a burst is set up a batch per turn of the event loop, so
    // that the connections already open keep being served in between.
    QList<qintptr> m_accepted;
    QTimer m_setUpTimer;
    DeliveryTurns m_firstRequests;
    QHash<ConnectionGuard *, Connection> m_connections;
    QHash<QHostAddress, int> m_connectionsPerIp;
    struct RefusalLog
    {
        std::chrono::steady_clock::time_point lastLogged;
        bool logged = false;
        int refused = 0;
    };
    QHash<QByteArray, RefusalLog> m_refusals;
};

} // namespace frontline::http
