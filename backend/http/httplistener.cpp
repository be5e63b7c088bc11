// SPDX-License-Identifier: GPL-3.0-or-later
#include "httplistener.h"

#include "connectionguard.h"
#include "core/logging.h"
#include "lingeringclose.h"
#include "listeneranswers.h"
#include "servedsocket.h"

#include <QSslSocket>

#include <unistd.h>

namespace frontline::http {

namespace {

constexpr auto RefusalLogInterval = std::chrono::minutes(1);
constexpr int SetUpBatch = 16;
// New connections' first requests answered per turn of the event loop (about 100 µs each).
constexpr int FirstRequestsPerTurn = 8;

QHostAddress normalized(QHostAddress address)
{
    bool ipv4 = false;
    if (const quint32 v4 = address.toIPv4Address(&ipv4); ipv4)
        address = QHostAddress(v4);
    return address;
}

} // namespace

HttpListener::HttpListener(ListenerLimits limits, ClientAddress clientAddress, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_clientAddress(std::move(clientAddress))
    , m_firstRequests(FirstRequestsPerTurn)
{
    // Qt's default of 50 drops the SYNs of a burst, and their clients retry seconds later.
    setListenBacklogSize(limits.listenBacklog);
    m_setUpTimer.setInterval(0);
    connect(&m_setUpTimer, &QTimer::timeout, this, &HttpListener::setUpAccepted);
}

void HttpListener::setTlsConfiguration(const QSslConfiguration &configuration)
{
    m_tls = configuration;
}

int HttpListener::openConnections() const
{
    return int(m_connections.size());
}

HttpListener::~HttpListener()
{
    for (const qintptr descriptor : std::as_const(m_accepted))
        ::close(int(descriptor));
}

void HttpListener::incomingConnection(qintptr socketDescriptor)
{
    // QTcpServer accepts everything the kernel has in one go; setting each up (sockets,
    // guard, QHttpServer's side) is what takes time.
    m_accepted.append(socketDescriptor);
    if (!m_setUpTimer.isActive())
        m_setUpTimer.start();
}

void HttpListener::setUpAccepted()
{
    for (int i = 0; i < SetUpBatch && !m_accepted.isEmpty(); ++i)
        setUp(m_accepted.takeFirst());
    if (m_accepted.isEmpty())
        m_setUpTimer.stop();
}

void HttpListener::setUp(qintptr socketDescriptor)
{
    QTcpSocket *socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    const QHostAddress peer = normalized(socket->peerAddress());
    const bool proxied = m_clientAddress.isTrusted(peer);
    if (int(m_connections.size()) >= m_limits.maxConnections && !makeRoom({})) {
        refuse(socket, peer, "the server's connection cap");
        return;
    }
    if (!proxied && m_connectionsPerIp.value(peer) >= m_limits.maxConnectionsPerIp
        && !makeRoom(peer)) {
        refuse(socket, peer, "the per-address connection cap");
        return;
    }
    auto *guard = new ConnectionGuard(socket, m_limits, m_tls.has_value(), &m_firstRequests, this);
    m_connections.insert(guard, { guard, {} });
    countFor(guard, proxied ? QHostAddress() : peer);
    Q_EMIT openConnectionsChanged(openConnections());
    connect(guard, &QObject::destroyed, this, [this, guard] { release(guard); });
    if (proxied) {
        // Each request counts for the client the proxy forwards, until its answer ends.
        connect(guard, &ConnectionGuard::requestReceived, this,
            [this, guard, peer](const QByteArray &forwardedFor) {
                const QHostAddress client = normalized(m_clientAddress.of(peer, forwardedFor));
                // The proxy's own requests, and a further request of a client this
                // connection already counts for, take no new place.
                if (client == peer || m_connections.value(guard).owner == client)
                    return;
                if (m_connectionsPerIp.value(client) >= m_limits.maxConnectionsPerIp
                    && !makeRoom(client)) {
                    logRefusal(client, "the per-address connection cap");
                    guard->refuseOverCap();
                    return;
                }
                countFor(guard, client);
            });
        connect(guard, &ConnectionGuard::answersDone, this, [this, guard] { countFor(guard, {}); });
    }
    if (m_tls) {
        auto *tls = static_cast<QSslSocket *>(socket);
        tls->setSslConfiguration(*m_tls);
        connect(tls, &QSslSocket::sslErrors, tls, [tls] { tls->disconnectFromHost(); });
        tls->startServerEncryption();
    }
    addPendingConnection(guard->served());
}

bool HttpListener::makeRoom(const QHostAddress &owner)
{
    ConnectionGuard *quietest = nullptr;
    for (const Connection &connection : std::as_const(m_connections)) {
        if (!connection.guard || !connection.guard->evictable())
            continue;
        if (!owner.isNull() && connection.owner != owner)
            continue;
        if (!quietest || connection.guard->quietSince() < quietest->quietSince())
            quietest = connection.guard;
    }
    if (!quietest)
        return false;
    countFor(quietest, {}); // its place is free now, whenever its socket goes
    m_connections.remove(quietest);
    Q_EMIT openConnectionsChanged(openConnections());
    quietest->evict();
    return true;
}

void HttpListener::refuse(QTcpSocket *socket, const QHostAddress &address, const char *cap)
{
    logRefusal(address, cap);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    closeAfterAnswer(socket, listenerAnswer(503, overCapMessage(), 1), m_limits.linger);
}

void HttpListener::logRefusal(const QHostAddress &address, const char *cap)
{
    // One line per cap and minute at most, however many are refused: a flood of refused
    // connections must not become a flood of log lines.
    RefusalLog &log = m_refusals[QByteArray(cap)];
    const auto now = std::chrono::steady_clock::now();
    ++log.refused;
    if (log.logged && now - log.lastLogged < RefusalLogInterval)
        return;
    qCWarning(lcHttp,
        "Refused %d connection(s) over %s since the last report (503), the latest from %s",
        log.refused, cap, qUtf8Printable(address.toString()));
    log.refused = 0;
    log.lastLogged = now;
    log.logged = true;
}

void HttpListener::countFor(ConnectionGuard *guard, const QHostAddress &owner)
{
    auto it = m_connections.find(guard);
    if (it == m_connections.end() || it->owner == owner)
        return;
    if (!it->owner.isNull()) {
        auto count = m_connectionsPerIp.find(it->owner);
        if (count != m_connectionsPerIp.end() && --*count <= 0)
            m_connectionsPerIp.erase(count);
    }
    it->owner = owner;
    if (!owner.isNull())
        ++m_connectionsPerIp[owner];
}

void HttpListener::release(ConnectionGuard *guard)
{
    countFor(guard, {});
    if (m_connections.remove(guard))
        Q_EMIT openConnectionsChanged(openConnections());
}

} // namespace frontline::http
