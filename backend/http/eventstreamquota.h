// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>

namespace frontline::http {

struct EventStreamQuotaLimits
{
    int perSession = 5;
    int perAddress = 20;
};

// How many event streams are open on this node, per session and per client address, so
// that one customer (or one address) cannot hold every connection the node has. Counted in
// memory: each node guards its own connections.
class EventStreamQuota final
{
public:
    enum class Verdict { Admitted, SessionFull, AddressFull };

    explicit EventStreamQuota(EventStreamQuotaLimits limits);
    Q_DISABLE_COPY_MOVE(EventStreamQuota)

    // Counts the stream when it is admitted; each admitted stream is released once.
    Verdict admit(const QString &session, const QString &address);
    void release(const QString &session, const QString &address);

    const EventStreamQuotaLimits &limits() const { return m_limits; }

private:
    static void decrement(QHash<QString, int> &counts, const QString &key);

    EventStreamQuotaLimits m_limits;
    QHash<QString, int> m_perSession;
    QHash<QString, int> m_perAddress;
};

} // namespace frontline::http
