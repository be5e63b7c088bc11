// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventstreamquota.h"

namespace frontline::http {

EventStreamQuota::EventStreamQuota(EventStreamQuotaLimits limits)
    : m_limits(limits)
{
}

EventStreamQuota::Verdict EventStreamQuota::admit(const QString &session, const QString &address)
{
    if (m_perSession.value(session) >= m_limits.perSession)
        return Verdict::SessionFull;
    if (m_perAddress.value(address) >= m_limits.perAddress)
        return Verdict::AddressFull;
    ++m_perSession[session];
    ++m_perAddress[address];
    return Verdict::Admitted;
}

void EventStreamQuota::release(const QString &session, const QString &address)
{
    decrement(m_perSession, session);
    decrement(m_perAddress, address);
}

void EventStreamQuota::decrement(QHash<QString, int> &counts, const QString &key)
{
    const auto it = counts.find(key);
    if (it == counts.end())
        return;
    // Forgotten at zero: the tables hold the open streams' keys only.
    if (--it.value() <= 0)
        counts.erase(it);
}

} // namespace frontline::http
