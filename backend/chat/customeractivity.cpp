// SPDX-License-Identifier: GPL-3.0-or-later
#include "customeractivity.h"

#include "core/logging.h"
#include "store/store.h"

namespace frontline {

CustomerActivity::CustomerActivity(StoreWorkers &store, std::shared_ptr<const Clock> clock,
    OpenStreams openStreams, std::chrono::milliseconds flushInterval, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
    , m_openStreams(std::move(openStreams))
{
    m_timer.setInterval(flushInterval);
    connect(&m_timer, &QTimer::timeout, this, &CustomerActivity::flush);
    m_timer.start();
}

void CustomerActivity::touch(const QString &sessionId)
{
    m_touched.insert(sessionId);
}

void CustomerActivity::flush()
{
    QSet<QString> sessions = std::exchange(m_touched, {});
    if (m_openStreams) {
        for (const QString &id : m_openStreams())
            sessions.insert(id);
    }
    if (sessions.isEmpty())
        return;
    const QStringList ids(sessions.cbegin(), sessions.cend());
    m_store.write(
        this, [ids, at = m_clock->now()](Store &store) { store.markCustomersActive(ids, at); },
        [] {},
        [](const std::exception_ptr &error) {
            // Lost for this interval only: the next requests and open streams renew it, and a
            // customer who is really there cannot look gone for one failed write (the sweep's
            // wait is several intervals).
            try {
                std::rethrow_exception(error);
            } catch (const std::exception &e) {
                qCWarning(lcBackend, "Could not note which customers are there: %s", e.what());
            }
        });
}

} // namespace frontline
