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

void DeliveryTurns::wait(ConnectionGuard *guard)
{
    m_waiting.enqueue(guard);
    if (!m_turn.isActive())
        m_turn.start();
}

void DeliveryTurns::serveTurn()
{
    for (int served = 0; served < m_perTurn && !m_waiting.isEmpty();) {
        const QPointer<ConnectionGuard> guard = m_waiting.dequeue();
        if (!guard)
            continue; // it closed while it waited
        guard->takeTurn();
        ++served;
    }
    if (m_waiting.isEmpty())
        m_turn.stop();
}

} // namespace frontline::http
