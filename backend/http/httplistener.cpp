// SPDX-License-Identifier: GPL-3.0-or-later
#include "httplistener.h"

#include "core/logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSslSocket>
#include <QTimer>
#include <QCoreApplication>

namespace frontline::http {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400: return QByteArrayLiteral("Bad Request");
    case 408: return QByteArrayLiteral("Request Timeout");
    case 411: return QByteArrayLiteral("Length Required");
    case 413: return QByteArrayLiteral("Payload Too Large");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 501: return QByteArrayLiteral("Not Implemented");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 505: return QByteArrayLiteral("HTTP Version Not Supported");
    default: return QByteArrayLiteral("Error");
    }
}

QByteArray errorCode(int status)
{
    switch (status) {
    case 408: return QByteArrayLiteral("request_timeout");
    case 411: return QByteArrayLiteral("length_required");
    case 413: return QByteArrayLiteral("payload_too_large");
    case 431: return QByteArrayLiteral("headers_too_large");
    case 503: return QByteArrayLiteral("too_many_connections");
    default: return QByteArrayLiteral("bad_request");
    }
}

// A complete answer written straight to the socket: QHttpServer never sees this request.
QByteArray errorAnswer(int status, const QString &message)
{
    const QByteArray body = QJsonDocument(QJsonObject{
            {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), QString::fromLatin1(errorCode(status))},
                                                  {QStringLiteral("message"), message}}}})
                                    .toJson(QJsonDocument::Compact);
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
            + "\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n"
              "Connection: close\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QString messageFor(int status, const FramingLimits &limits)
{
    switch (status) {
    case 408: return QCoreApplication::translate("HttpListener", "The request was not received in time.");
    case 411: return QCoreApplication::translate("HttpListener", "Send the body with a Content-Length header (chunked requests are not accepted).");
    case 413: return QCoreApplication::translate("HttpListener", "The request body is larger than %1 bytes.").arg(limits.maxBodyBytes);
    case 431: return QCoreApplication::translate("HttpListener", "The request headers are larger than %1 bytes.").arg(limits.maxHeaderBytes);
    case 501: return QCoreApplication::translate("HttpListener", "This request method is not supported.");
    case 505: return QCoreApplication::translate("HttpListener", "Use HTTP/1.1.");
    default: return QCoreApplication::translate("HttpListener", "The request is not valid HTTP.");
    }
}

// Watches one connection: frames what the client sends, enforces the timeouts, and answers
// and closes on the first violation. Lives as a child of its socket.
class ConnectionGuard final : public QObject
{
public:
    ConnectionGuard(QTcpSocket *socket, const ListenerLimits &limits)
        : QObject(socket), m_socket(socket), m_limits(limits), m_framer(limits.framing)
    {
        // Connected before QHttpServer connects its own slot, so it runs first on every read.
        connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::inspect);
        connect(socket, &QTcpSocket::bytesWritten, this, [this] { m_idle.start(); });
        m_requestTimer.setSingleShot(true);
        m_requestTimer.setInterval(limits.requestTimeout);
        connect(&m_requestTimer, &QTimer::timeout, this, [this] { reject(408); });
        m_idle.setSingleShot(true);
        m_idle.setInterval(limits.idleTimeout);
        connect(&m_idle, &QTimer::timeout, this, [this] { m_socket->disconnectFromHost(); });
        m_idle.start();
    }

private:
    void inspect()
    {
        if (m_rejected) {
            m_socket->readAll(); // nothing more reaches QHttpServer
            return;
        }
        m_idle.start();
        const QByteArray chunk = m_socket->peek(m_socket->bytesAvailable());
        const int completedBefore = m_framer.completedRequests();
        if (m_framer.feed(chunk) == RequestFramer::Verdict::Rejected) {
            reject(m_framer.rejection().status);
            return;
        }
        if (m_framer.takeContinueRequest())
            m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
        if (m_framer.completedRequests() != completedBefore || !m_framer.inRequest())
            m_requestTimer.stop();
        if (m_framer.inRequest() && !m_requestTimer.isActive())
            m_requestTimer.start();
    }

    void reject(int status)
    {
        if (m_rejected)
            return;
        m_rejected = true;
        m_requestTimer.stop();
        m_socket->readAll();
        qCInfo(lcHttp, "Refused a request from %s with %d", qUtf8Printable(m_socket->peerAddress().toString()), status);
        m_socket->write(errorAnswer(status, messageFor(status, m_limits.framing)));
        m_socket->disconnectFromHost();
    }

    QTcpSocket *m_socket;
    ListenerLimits m_limits;
    RequestFramer m_framer;
    QTimer m_requestTimer;
    QTimer m_idle;
    bool m_rejected = false;
};

} // namespace

HttpListener::HttpListener(ListenerLimits limits, QObject *parent)
    : QTcpServer(parent), m_limits(limits)
{
}

void HttpListener::setTlsConfiguration(const QSslConfiguration &configuration)
{
    m_tls = configuration;
}

int HttpListener::openConnections() const
{
    return m_openConnections;
}

void HttpListener::incomingConnection(qintptr socketDescriptor)
{
    QTcpSocket *socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    QHostAddress address = socket->peerAddress();
    bool ipv4 = false;
    if (const quint32 v4 = address.toIPv4Address(&ipv4); ipv4)
        address = QHostAddress(v4);

    int &count = m_connectionsPerIp[address];
    if (count >= m_limits.maxConnectionsPerIp) {
        socket->write(errorAnswer(503, QCoreApplication::translate("HttpListener", "Too many connections from your address; "
                                                      "close some and try again.")));
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
        return;
    }
    ++count;
    ++m_openConnections;
    Q_EMIT openConnectionsChanged(m_openConnections);
    connect(socket, &QObject::destroyed, this, [this, address] { release(address); });
    new ConnectionGuard(socket, m_limits);
    if (m_tls) {
        auto *tls = static_cast<QSslSocket *>(socket);
        tls->setSslConfiguration(*m_tls);
        connect(tls, &QSslSocket::sslErrors, tls, [tls] { tls->disconnectFromHost(); });
        tls->startServerEncryption();
    }
    addPendingConnection(socket);
}

void HttpListener::release(const QHostAddress &address)
{
    --m_openConnections;
    Q_EMIT openConnectionsChanged(m_openConnections);
    auto it = m_connectionsPerIp.find(address);
    if (it != m_connectionsPerIp.end() && --*it <= 0)
        m_connectionsPerIp.erase(it);
}

} // namespace frontline::http
