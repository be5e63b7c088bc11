// SPDX-License-Identifier: GPL-3.0-or-later
#include "databaseratelimitledger.h"

#include "sqlconnection.h"
#include "sqlrow.h"

#include <QCryptographicHash>
#include <QHash>

#include <tuple>

namespace frontline {

using namespace sql;

namespace {

// A name of fixed length and alphabet for any text a client may send as a rate-limit key.
QString digest(const QString &text)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex().left(40));
}

} // namespace

DatabaseRateLimitLedger::DatabaseRateLimitLedger(SqlConnection &connection)
    : m_connection(&connection)
{
}

DatabaseRateLimitLedger::~DatabaseRateLimitLedger() = default;

RateLimitStep DatabaseRateLimitLedger::take(
    const QList<RateLimitBucket> &buckets, int maxHits, qint64 sinceMs, qint64 nowMs, bool record)
{
    m_connection->ensureConnected();
    QStringList names;
    QStringList owners;
    for (const RateLimitBucket &bucket : buckets) {
        names.append(digest(bucket.name));
        owners.append(digest(bucket.owner));
    }
    QSqlQuery &query = m_connection->prepared(QStringLiteral("take_rate_limit_slot"));
    bind(query, "buckets", names.join(QLatin1Char('\n')));
    bind(query, "owners", owners.join(QLatin1Char('\n')));
    bind(query, "max_hits", maxHits);
    bind(query, "since", sinceMs);
    bind(query, "now", nowMs);
    bind(query, "record", record);
    m_connection->exec(query, QStringLiteral("take_rate_limit_slot"));
    QHash<QString, QList<qint64>> byBucket;
    bool allowed = true;
    const auto rows = readAll<std::tuple<QString, QString, bool>>(query, [](const Row &q) {
        return std::tuple { q.value(0).toString(), q.value(1).toString(), q.value(2).toBool() };
    });
    for (const auto &[bucket, hits, passes] : rows) {
        allowed = allowed && passes;
        QList<qint64> times;
        // PostgreSQL's text form of an array: {1700000000000,1700000000500}
        for (const QString &item : QStringView(hits).mid(1).chopped(1).toString().split(
                 QLatin1Char(','), Qt::SkipEmptyParts))
            times.append(item.toLongLong());
        byBucket.insert(bucket, times);
    }
    RateLimitStep step;
    step.allowed = allowed;
    for (const QString &name : names)
        step.logs.append(byBucket.value(name));
    return step;
}

void DatabaseRateLimitLedger::forget(const QString &owner)
{
    m_connection->ensureConnected();
    QSqlQuery &query = m_connection->prepared(QStringLiteral("forget_rate_limit_key"));
    bind(query, "owner", digest(owner));
    m_connection->exec(query, QStringLiteral("forget_rate_limit_key"));
    query.finish();
}

void DatabaseRateLimitLedger::giveBack(const QList<RateLimitBucket> &buckets, qint64 atMs)
{
    m_connection->ensureConnected();
    for (const RateLimitBucket &bucket : buckets) {
        QSqlQuery &query = m_connection->prepared(QStringLiteral("give_back_rate_limit_slot"));
        bind(query, "at", atMs);
        bind(query, "at_again", atMs);
        bind(query, "at_check", atMs);
        bind(query, "bucket", digest(bucket.name));
        m_connection->exec(query, QStringLiteral("give_back_rate_limit_slot"));
        query.finish();
    }
}

void DatabaseRateLimitLedger::sweep(qint64 beforeMs)
{
    m_connection->ensureConnected();
    QSqlQuery &query = m_connection->prepared(QStringLiteral("sweep_rate_limits"));
    bind(query, "before", beforeMs);
    m_connection->exec(query, QStringLiteral("sweep_rate_limits"));
    query.finish();
}

} // namespace frontline
