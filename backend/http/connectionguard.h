// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "listenerlimits.h"
#include "requestframer.h"
#include "responsetracker.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>

class QTcpSocket;

namespace frontline::http {

class DeliveryTurns;
class ServedSocket;

// Stands between one network connection and QHttpServer. It frames every byte the client
// sends exactly once and refuses, answers and closes on the first violation; it hands
// QHttpServer one request at a time and the next only once the answer to the previous one
// has ended, so pipelined answers keep the order of their requests and a client that sends
// requests without reading the answers holds a bounded amount of memory: when its answers
// pile up, the guard stops reading from it and TCP makes it wait. It enforces the request,
// idle and write timeouts, and closes after an answer when the client asked for that.
class ConnectionGuard final : public QObject
{
    Q_OBJECT
public:
    // Takes `network` (connected, or handshaking TLS) and makes the socket QHttpServer uses.
    // The connection's first request waits for its turn in `turns`, the others do not.
    ConnectionGuard(QTcpSocket *network, const ListenerLimits &limits, bool tls,
        DeliveryTurns *turns, QObject *parent);
    Q_DISABLE_COPY_MOVE(ConnectionGuard)

    ServedSocket *served() const { return m_served; }
    // Nothing would be lost by closing it: it waits for a request, or receives one, but no
    // answer is owed or on its way. Since when it has been so (the oldest goes first).
    bool evictable() const;
    std::chrono::steady_clock::time_point quietSince() const { return m_quietSince; }
    // Closes an evictable connection to make room for another from the same address.
    void evict();
    // Refuses the request just received with 503 and closes (its address is over its cap).
    void refuseOverCap();
    // Its first request may go to QHttpServer now (called by DeliveryTurns).
    void takeTurn();

Q_SIGNALS:
    // A request has been received completely (the listener counts proxied clients by it).
    void requestReceived(const QByteArray &forwardedFor);
    // Every request received has been answered and the answers are on the network; the
    // connection stays open for the next one.
    void answersDone();

private:
    void readFromNetwork();
    void frameUnframed();
    bool paused() const;
    bool answersPiledUp() const;
    void deliverNext();
    void servedWrote(QByteArrayView bytes);
    void answerDone(bool closeAfter);
    void sendContinueIfDue();
    void networkWrote(qint64 bytes);
    void reject(int status);
    void refuse(const QByteArray &answer);
    void closeGracefully();
    void giveUp(const char *why);
    void announceIfAnswersSent();
    void becameQuiet();

    QTcpSocket *m_network;
    ServedSocket *m_served;
    const ListenerLimits m_limits;
    DeliveryTurns *const m_turns;
    RequestFramer m_framer;
    ResponseTracker m_tracker;
    struct Received
    {
        QByteArray bytes;
        RequestFramer::Head head;
    };
    QByteArray m_unframed; // read from the network, not yet framed (no room in the queue)
    QByteArray m_receiving;
    QList<Received> m_received;
    bool m_answering = false;
    bool m_hadTurn = false; // its first request went through DeliveryTurns
    bool m_waitingForTurn = false;
    bool m_continueDue = false;
    bool m_answersToAnnounce = false; // every request answered, answersDone() not yet emitted
    bool m_closing = false;
    int m_rejection = 0; // a status to answer once the answers owed before it are out
    QByteArray m_refusal;
    std::chrono::steady_clock::time_point m_quietSince;
    QTimer m_requestTimer;
    QTimer m_idleTimer;
    QTimer m_writeTimer;
};

} // namespace frontline::http
