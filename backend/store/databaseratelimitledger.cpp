// SPDX-License-Identifier: GPL-3.0-or-later
#include "databaseratelimitledger.h"

#include "sqlstore.h"

namespace frontline {

DatabaseRateLimitLedger::DatabaseRateLimitLedger(std::unique_ptr<SqlStore> connection)
    : m_connection(std::move(connection))
{
}

DatabaseRateLimitLedger::~DatabaseRateLimitLedger() = default;

RateLimitStep DatabaseRateLimitLedger::take(
    const QList<RateLimitBucket> &buckets, int maxHits, qint64 sinceMs, qint64 nowMs, bool record)
{
    return m_connection->takeRateLimitSlot(buckets, maxHits, sinceMs, nowMs, record);
}

void DatabaseRateLimitLedger::forget(const QString &owner)
{
    m_connection->forgetRateLimitOwner(owner);
}

void DatabaseRateLimitLedger::giveBack(const QList<RateLimitBucket> &buckets, qint64 atMs)
{
    m_connection->giveBackRateLimitSlot(buckets, atMs);
}

void DatabaseRateLimitLedger::sweep(qint64 beforeMs)
{
    m_connection->sweepRateLimits(beforeMs);
}

} // namespace frontline
