// SPDX-License-Identifier: GPL-3.0-or-later
// The store's rate-limit hits: a row per key, route and second, with its count.
#include "databaseratelimitledger.h"
#include "ratelimithitrow.h"
#include "sqlstore.h"

#include <algorithm>
#include <limits>

namespace frontline {

using namespace sql;

QList<RateLimitHit> SqlStore::recordRateLimitHits(
    const QList<RateLimitHit> &hits, const QList<UsageCharge> &charges)
{
    if (hits.isEmpty() && charges.isEmpty())
        return {};
    const QDateTime now = m_clock->now();
    return inWriteTransaction([&] {
        QList<RateLimitHit> stored;
        for (const RateLimitHit &hit : hits) {
            const QDateTime at = hit.at.isValid() ? hit.at : now;
            QSqlQuery &add = prepared(QStringLiteral("add_rate_limit_hits"));
            bindRateLimitHit(add, hit, at);
            exec(add, QStringLiteral("add_rate_limit_hits"));
            if (const auto row = readOne<RateLimitHit>(add, readRateLimitHit)) {
                stored.append(*row);
                publish(QStringLiteral("rate-limit-hit"), QString::number(row->id));
            }
        }
        // In key order, as the appenders charge theirs (migration 0011): transactions that
        // charge the same keys at once wait for each other, never in a circle.
        QList<UsageCharge> sorted = charges;
        std::sort(sorted.begin(), sorted.end(),
            [](const UsageCharge &a, const UsageCharge &b) { return a.userKey < b.userKey; });
        for (const UsageCharge &charge : sorted)
            chargeUsage(charge, now);
        return stored;
    });
}

qint64 SqlStore::deleteRateLimitHitsBefore(const QDateTime &before)
{
    return inWriteTransaction([&] {
        QSqlQuery &remove = prepared(QStringLiteral("delete_old_rate_limit_hits"));
        bind(remove, "before", before.toMSecsSinceEpoch());
        exec(remove, QStringLiteral("delete_old_rate_limit_hits"));
        const qint64 removed = remove.numRowsAffected();
        remove.finish();
        return removed;
    });
}

QList<RateLimitHit> SqlStore::rateLimitHits(const RateLimitHitFilter &filter)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_rate_limit_hits"));
    bind(query, "from",
        filter.from.isValid() ? filter.from.toMSecsSinceEpoch()
                              : std::numeric_limits<qint64>::min());
    bind(query, "to",
        filter.to.isValid() ? filter.to.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max());
    bind(query, "route", textOrNull(filter.route));
    bind(query, "route_again", textOrNull(filter.route));
    bind(query, "key", textOrNull(filter.key));
    bind(query, "key_again", textOrNull(filter.key));
    bind(query, "limit", filter.limit);
    bind(query, "offset", filter.offset);
    exec(query, QStringLiteral("select_rate_limit_hits"));
    return readAll<RateLimitHit>(query, readRateLimitHit);
}

QList<std::pair<QDateTime, qint64>> SqlStore::rateLimitHitsPerMinute(
    const QDateTime &from, const QDateTime &to)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_rate_limit_hits_per_minute"));
    bind(query, "from", from.toMSecsSinceEpoch());
    bind(query, "to", to.toMSecsSinceEpoch());
    exec(query, QStringLiteral("select_rate_limit_hits_per_minute"));
    QList<std::pair<QDateTime, qint64>> minutes;
    while (query.next())
        minutes.append({ timeFrom(query.value(0)), query.value(1).toLongLong() });
    query.finish();
    return minutes;
}

std::optional<RateLimitHit> SqlStore::rateLimitHit(qint64 id)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_rate_limit_hit"));
    bind(query, "id", id);
    exec(query, QStringLiteral("select_rate_limit_hit"));
    return readOne<RateLimitHit>(query, readRateLimitHit);
}

RateLimitLedger &SqlStore::sharedRateLimitLedger()
{
    if (m_connection->dialect() != SqlDialect::Postgresql)
        throw StoreError(StoreError::Kind::Failed,
            QStringLiteral("A SQLite database keeps no shared rate-limit logs: its one node keeps "
                           "them in memory."));
    if (!m_sharedLedger)
        m_sharedLedger = std::make_unique<DatabaseRateLimitLedger>(*m_connection);
    return *m_sharedLedger;
}

} // namespace frontline
