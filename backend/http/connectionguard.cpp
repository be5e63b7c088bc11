// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionguard.h"

#include "core/logging.h"
#include "deliveryturns.h"
#include "lingeringclose.h"
#include "listeneranswers.h"
#include "servedsocket.h"

#include <QTcpSocket>

namespace frontline::http {

namespace {

constexpr qint64 ReadChunk = 16 * 1024;
// What Qt may buffer from the network while the guard does not read: beyond it the
// kernel's receive buffer fills and TCP stops the client.
constexpr qint64 NetworkReadBuffer = 64 * 1024;

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *network, const ListenerLimits &limits, bool tls,
    DeliveryTurns *turns, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_served(nullptr)
    , m_limits(limits)
    , m_turns(turns)
    , m_framer(limits.framing)
    , m_tracker(tls)
    , m_quietSince(std::chrono::steady_clock::now())
{
    ServedSocket::Wire wire;
    wire.write = [this](QByteArrayView bytes) { servedWrote(bytes); };
    wire.unsent = [this] { return m_network->bytesToWrite() + m_tracker.heldBack(); };
    wire.close = [this] { closeGracefully(); };
    wire.reset = [this] {
        m_closing = true;
        m_requestTimer.stop();
        m_idleTimer.stop();
        m_writeTimer.stop();
        resetConnection(m_network);
    };
    m_served = new ServedSocket(*network, std::move(wire), parent);
    setParent(m_served);
    network->setParent(m_served);
    network->setReadBufferSize(NetworkReadBuffer);

    connect(network, &QTcpSocket::readyRead, this, &ConnectionGuard::readFromNetwork);
    connect(network, &QTcpSocket::bytesWritten, this, &ConnectionGuard::networkWrote);
    connect(network, &QTcpSocket::disconnected, this, [this] {
        m_requestTimer.stop();
        m_idleTimer.stop();
        m_writeTimer.stop();
        m_served->networkClosed();
    });

    m_requestTimer.setSingleShot(true);
    m_requestTimer.setInterval(limits.requestTimeout);
    connect(&m_requestTimer, &QTimer::timeout, this, [this] { reject(408); });
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(limits.idleTimeout);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] { giveUp("idle"); });
    m_writeTimer.setSingleShot(true);
    m_writeTimer.setInterval(limits.writeTimeout);
    connect(&m_writeTimer, &QTimer::timeout, this, [this] { giveUp("not reading its answers"); });
    m_idleTimer.start();
}

bool ConnectionGuard::evictable() const
{
    // Requests already read but not answered, or answers not yet sent, would be lost.
    return !m_answering && m_received.isEmpty() && m_unframed.isEmpty() && !m_closing
        && m_rejection == 0 && m_refusal.isEmpty() && m_network->bytesAvailable() == 0
        && m_network->bytesToWrite() == 0;
}

void ConnectionGuard::evict()
{
    qCInfo(lcHttp, "Closed a quiet connection from %s to make room for another",
        qUtf8Printable(m_network->peerAddress().toString()));
    m_closing = true;
    m_requestTimer.stop();
    m_idleTimer.stop();
    if (m_framer.inRequest())
        resetConnection(m_network); // a request dribbled in for too long: nothing to answer
    else
        closeAfterAnswer(m_network, {}, m_limits.linger);
}

void ConnectionGuard::refuseOverCap()
{
    // The request that made the address go over its cap is the last one received.
    if (!m_received.isEmpty())
        m_received.removeLast();
    refuse(listenerAnswer(503, overCapMessage(), 1));
}

void ConnectionGuard::readFromNetwork()
{
    if (m_closing || m_rejection != 0 || !m_refusal.isEmpty()) {
        m_network->readAll(); // nothing more reaches QHttpServer
        return;
    }
    frameUnframed();
    while (!paused() && m_rejection == 0 && !m_closing) {
        const QByteArray chunk = m_network->read(ReadChunk);
        if (chunk.isEmpty())
            break;
        m_unframed += chunk;
        frameUnframed();
    }
    if (paused())
        m_requestTimer.stop(); // the client waits for us, not we for it
    else if (m_framer.inRequest() && !m_requestTimer.isActive())
        m_requestTimer.start();
    deliverNext();
}

void ConnectionGuard::frameUnframed()
{
    // Up to the bound of queued requests: the rest waits, unframed, for room.
    QByteArrayView bytes(m_unframed);
    while (!bytes.isEmpty() && m_received.size() < m_limits.maxQueuedRequests) {
        const bool wasInRequest = m_framer.inRequest();
        const int completedBefore = m_framer.completedRequests();
        const qsizetype used = m_framer.feedUntilRequestEnds(bytes);
        if (m_framer.rejection().status != 0) {
            m_unframed.clear();
            reject(m_framer.rejection().status);
            return;
        }
        QByteArrayView taken = bytes.first(used);
        bytes = bytes.sliced(used);
        if (m_framer.readingUpload() && m_requestTimer.interval() != m_limits.uploadTimeout.count())
            m_requestTimer.start(m_limits.uploadTimeout);
        if (!wasInRequest) {
            // Empty lines between requests are not a request: they neither start the request
            // timer nor keep the connection from being idle (RFC 9112 2.2 allows them).
            while (!taken.isEmpty() && (taken.front() == '\r' || taken.front() == '\n'))
                taken = taken.sliced(1);
            if (taken.isEmpty())
                continue;
            m_requestTimer.start(m_limits.requestTimeout);
            m_idleTimer.start();
        }
        m_receiving += taken;
        if (m_framer.takeContinueRequest())
            m_continueDue = true;
        if (m_framer.completedRequests() != completedBefore) {
            m_requestTimer.stop();
            m_idleTimer.start();
            m_continueDue = false; // the body came without it
            m_received.append({ std::exchange(m_receiving, {}), m_framer.lastHead() });
            Q_EMIT requestReceived(m_framer.lastHead().forwardedFor);
            if (m_closing || !m_refusal.isEmpty()) {
                m_unframed.clear();
                return;
            }
        }
    }
    m_unframed.remove(0, m_unframed.size() - bytes.size());
    sendContinueIfDue();
}

bool ConnectionGuard::paused() const
{
    return m_received.size() >= m_limits.maxQueuedRequests || answersPiledUp();
}

bool ConnectionGuard::answersPiledUp() const
{
    return m_network->bytesToWrite() > m_limits.maxUnsentBytes;
}

void ConnectionGuard::deliverNext()
{
    // No new answer while earlier ones wait for the client to read them.
    if (m_answering || m_closing || answersPiledUp()
        || m_served->state() != QAbstractSocket::ConnectedState)
        return;
    if (m_received.isEmpty()) {
        if (m_rejection != 0) {
            RequestFramer::Rejection rejection = m_framer.rejection();
            rejection.status = m_rejection;
            refuse(listenerAnswer(m_rejection, refusalMessage(rejection, m_limits.framing), 0,
                rejection.upload ? QByteArrayLiteral("attachment_too_large") : QByteArray()));
        } else if (!m_refusal.isEmpty()) {
            refuse(m_refusal);
        }
        return;
    }
    if (!m_hadTurn) {
        if (m_waitingForTurn)
            return;
        if (!m_turns->admit(this)) {
            m_waitingForTurn = true;
            return;
        }
        m_hadTurn = true;
    }
    Received next = m_received.takeFirst();
    m_answering = true;
    m_tracker.expect(next.head);
    m_served->deliver(next.bytes);
}

void ConnectionGuard::takeTurn()
{
    m_waitingForTurn = false;
    m_hadTurn = true;
    deliverNext();
}

void ConnectionGuard::servedWrote(QByteArrayView bytes)
{
    const QByteArray out = m_tracker.write(bytes);
    if (!out.isEmpty()) {
        m_network->write(out);
        m_idleTimer.start();
        if (!m_writeTimer.isActive())
            m_writeTimer.start();
    }
    if (m_tracker.takeEnded())
        answerDone(m_tracker.closeAfter());
}

void ConnectionGuard::answerDone(bool closeAfter)
{
    m_answering = false;
    if (closeAfter) {
        closeGracefully();
        return;
    }
    m_answersToAnnounce = true;
    announceIfAnswersSent();
    // Not from here: this runs inside QHttpServer's handler, which must return first.
    QMetaObject::invokeMethod(
        this,
        [this] {
            sendContinueIfDue();
            deliverNext();
            readFromNetwork();
        },
        Qt::QueuedConnection);
}

void ConnectionGuard::sendContinueIfDue()
{
    // "100 Continue" in the middle of an earlier answer would corrupt it: wait for its end.
    if (m_continueDue && !m_answering && m_received.isEmpty() && !m_closing) {
        m_continueDue = false;
        m_network->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
    }
}

void ConnectionGuard::networkWrote(qint64 bytes)
{
    m_idleTimer.start();
    if (m_network->bytesToWrite() > 0)
        m_writeTimer.start();
    else
        m_writeTimer.stop();
    m_served->networkWrote(bytes);
    announceIfAnswersSent();
    if (!m_closing && !answersPiledUp()) {
        deliverNext();
        if (!paused())
            readFromNetwork();
    }
}

void ConnectionGuard::reject(int status)
{
    if (m_rejection != 0 || m_closing)
        return;
    m_rejection = status;
    m_requestTimer.stop();
    m_receiving.clear();
    qCInfo(lcHttp, "Refused a request from %s with %d",
        qUtf8Printable(m_network->peerAddress().toString()), status);
    deliverNext(); // at once, unless answers owed before it are still on their way
}

void ConnectionGuard::refuse(const QByteArray &answer)
{
    if (m_answering || !m_received.isEmpty()) {
        m_refusal = answer; // after the answers owed before it
        return;
    }
    m_closing = true;
    m_requestTimer.stop();
    m_idleTimer.stop();
    closeAfterAnswer(m_network, answer, m_limits.linger);
}

void ConnectionGuard::closeGracefully()
{
    if (m_closing)
        return;
    m_closing = true;
    m_requestTimer.stop();
    m_idleTimer.stop();
    closeAfterAnswer(m_network, {}, m_limits.linger + m_limits.writeTimeout);
}

void ConnectionGuard::giveUp(const char *why)
{
    qCDebug(lcHttp, "Closing a connection from %s: %s",
        qUtf8Printable(m_network->peerAddress().toString()), why);
    m_closing = true;
    m_requestTimer.stop();
    if (m_network->bytesToWrite() > 0 || m_answering)
        resetConnection(m_network); // the client does not read: waiting for it would never end
    else
        closeAfterAnswer(m_network, {}, m_limits.linger);
}

void ConnectionGuard::announceIfAnswersSent()
{
    // A client still owed bytes (one that reads slowly, or not at all) still holds its place:
    // the answers are done only once they are on the network.
    if (!m_answersToAnnounce || m_answering || !m_received.isEmpty() || m_framer.inRequest()
        || m_network->bytesToWrite() > 0)
        return;
    m_answersToAnnounce = false;
    becameQuiet();
    Q_EMIT answersDone();
}

void ConnectionGuard::becameQuiet()
{
    m_quietSince = std::chrono::steady_clock::now();
}

} // namespace frontline::http
