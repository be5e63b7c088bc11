// SPDX-License-Identifier: GPL-3.0-or-later
#include "databasehealth.h"

#include "store.h"
#include "storeerror.h"

namespace frontline {

namespace {

constexpr qint64 RecheckAfterMs = 1000;

} // namespace

DatabaseHealth::DatabaseHealth(Store &store, std::shared_ptr<const Clock> clock)
    : m_store(store)
    , m_clock(std::move(clock))
{
}

DatabaseHealth::Report DatabaseHealth::check()
{
    const QDateTime now = m_clock->now();
    if (!m_askedAt.isValid() || m_askedAt.msecsTo(now) >= RecheckAfterMs || m_askedAt > now) {
        m_reachable = m_store.isHealthy();
        if (m_reachable) {
            try {
                m_schemaVersion = m_store.schemaVersion();
            } catch (const StoreError &) {
                m_reachable = false;
            }
        }
        m_askedAt = now;
    }
    // Known without asking the database.
    return { m_store.dialectName(), m_reachable, m_schemaVersion, m_store.writesFailing() };
}

} // namespace frontline
