// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QTimer>

namespace frontline::http {

class ConnectionGuard;

// Lets the first requests of new connections reach QHttpServer a few per turn of the event
// loop, while connections that have already been answered go straight through. A burst of
// thousands of new connections is otherwise answered in a handful of event-loop turns of a
// hundred milliseconds each, and a customer already connected waits behind all of them; this
// way each turn does a bounded amount of work and every connected customer's request is
// served in the next one. Below the bound nothing waits: ordinary traffic is served in the
// order it arrives (a page's two sends on two new connections keep their order).
class DeliveryTurns final : public QObject
{
    Q_OBJECT
public:
    explicit DeliveryTurns(int perTurn, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(DeliveryTurns)

    // `guard` has a first request ready. True: it may go now. False: its takeTurn() is
    // called in a later turn, once the connections that waited before it have gone.
    bool admit(ConnectionGuard *guard);

private:
    void serveTurn();

    const int m_perTurn;
    int m_admittedThisTurn = 0;
    QQueue<QPointer<ConnectionGuard>> m_waiting;
    QTimer m_turn;
};

} // namespace frontline::http
