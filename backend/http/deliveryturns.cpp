// SPDX-License-Identifier: GPL-3.0-or-later
#include "deliveryturns.h"

#include "connectionguard.h"

namespace frontline::http {

DeliveryTurns::DeliveryTurns(int perTurn, QObject *parent)
    : QObject(parent)
    , m_perTurn(perTurn)
{
    // A zero timer fires once per turn of the event loop, after the sockets that became
    // ready in it have been read: the connected customers' requests among them included.
    m_turn.setInterval(0);
    connect(&m_turn, &QTimer::timeout, this, &DeliveryTurns::serveTurn);
}

bool DeliveryTurns::admit(ConnectionGuard *guard)
{
    // The timer ends the turn: it counts again from zero, and serves who waits.
    if (!m_turn.isActive())
        m_turn.start();
    if (m_waiting.isEmpty() && m_admittedThisTurn < m_perTurn) {
        ++m_admittedThisTurn;
        return true;
    }
    m_waiting.enqueue(guard);
    return false;
}

void DeliveryTurns::serveTurn()
{
    m_admittedThisTurn = 0;
    while (m_admittedThisTurn < m_perTurn && !m_waiting.isEmpty()) {
        const QPointer<ConnectionGuard> guard = m_waiting.dequeue();
        if (!guard)
            continue; // it closed while it waited
        ++m_admittedThisTurn;
        guard->takeTurn();
    }
    if (m_waiting.isEmpty() && m_admittedThisTurn == 0)
        m_turn.stop();
}

} // namespace frontline::http
