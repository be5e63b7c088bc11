// SPDX-License-Identifier: GPL-3.0-or-later
#include "ratelimithitbatcher.h"

#include "core/logging.h"
#include "domain/ratelimitkey.h"
#include "store.h"
#include "storeworkers.h"

namespace frontline {

namespace {

constexpr auto PruneInterval = std::chrono::hours(1);

QString rowName(const RateLimitHit &hit)
{
    return QString::number(hit.at.toMSecsSinceEpoch() / 1000) + QLatin1Char('|') + hit.route
        + QLatin1Char('|') + RateLimitKey { hit.keyKind, hit.key }.name();
}

} // namespace

RateLimitHitBatcher::RateLimitHitBatcher(StoreWorkers &store, std::shared_ptr<const Clock> clock,
    RateLimitHitBatcherOptions options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(std::move(clock))
    , m_options(options)
{
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &RateLimitHitBatcher::flush);
    // Hourly even when nothing is refused; the retention itself is measured on the clock.
    m_pruneTimer.setInterval(PruneInterval);
    connect(&m_pruneTimer, &QTimer::timeout, this, &RateLimitHitBatcher::pruneOldHits);
    m_pruneTimer.start();
    pruneOldHits();
}

RateLimitHitBatcher::~RateLimitHitBatcher()
{
    flush();
}

void RateLimitHitBatcher::record(const RateLimitHit &hit, const QString &userKey)
{
    RateLimitHit counted = hit;
    if (!counted.at.isValid())
        counted.at = m_clock->now();
    counted.count = 1;
    const QString name = rowName(counted);
    if (const auto it = m_pendingRows.constFind(name); it != m_pendingRows.constEnd()) {
        RateLimitHit &row = m_pending[*it];
        ++row.count;
        // The row tells who was refused last (the key may have come from several sessions).
        row.clientIp = counted.clientIp;
        if (!counted.sessionId.isEmpty())
            row.sessionId = counted.sessionId;
    } else {
        m_pendingRows.insert(name, m_pending.size());
        m_pending.append(counted);
    }
    if (!userKey.isEmpty())
        ++m_rateLimitedUsers[userKey];
    if (m_pending.size() >= m_options.maxPendingRows) {
        flush();
    } else if (!m_flushTimer.isActive()) {
        // Written just after the interval's end on the clock: a batch then holds one second's
        // row per key, and a key flooding for long is announced once per second.
        const qint64 interval = std::max<qint64>(1, m_options.flushInterval.count());
        m_flushTimer.start(
            std::chrono::milliseconds(interval - counted.at.toMSecsSinceEpoch() % interval));
    }
}

void RateLimitHitBatcher::flush()
{
    m_flushTimer.stop();
    if (m_pending.isEmpty() && m_rateLimitedUsers.isEmpty())
        return;
    const QList<RateLimitHit> pending = std::exchange(m_pending, {});
    m_pendingRows.clear();
    QList<UsageCharge> charges;
    for (auto it = m_rateLimitedUsers.constBegin(); it != m_rateLimitedUsers.constEnd(); ++it)
        charges.append({ it.key(), UsageDelta { .rateLimited = it.value() } });
    m_rateLimitedUsers.clear();

    m_store.write(
        this,
        [pending, charges](Store &store) { return store.recordRateLimitHits(pending, charges); },
        [this, pending](const QList<RateLimitHit> &written) { batchStored(pending, written); },
        [this, pending](const std::exception_ptr &failure) {
            // Refusing matters more than remembering the refusals; memory stays bounded.
            // Logged once per outage, not once a second.
            for (const RateLimitHit &hit : pending)
                m_lostHits += hit.count;
            if (!m_failing)
                qCWarning(lcStore,
                    "Cannot record rate-limit hits until the database answers again "
                    "(the requests are refused all the same): %s",
                    qUtf8Printable(storeErrorOf(failure).message()));
            m_failing = true;
        });
}

void RateLimitHitBatcher::batchStored(
    const QList<RateLimitHit> &pending, const QList<RateLimitHit> &written)
{
    if (m_failing) {
        qCInfo(lcStore, "Recording rate-limit hits again; %lld refusal(s) went unrecorded",
            static_cast<long long>(m_lostHits));
        m_failing = false;
        m_lostHits = 0;
    }
    for (const RateLimitHit &row : written)
        Q_EMIT rowWritten(row);
    qint64 hits = 0;
    for (const RateLimitHit &hit : pending)
        hits += hit.count;
    Q_EMIT batchWritten(static_cast<int>(written.size()), hits);
    if (m_clock->now() >= m_lastPrune.addMSecs(std::chrono::milliseconds(PruneInterval).count()))
        pruneOldHits();
}

void RateLimitHitBatcher::pruneOldHits()
{
    const QDateTime now = m_clock->now();
    m_lastPrune = now;
    const QDateTime before = now.addDays(-m_options.retentionDays);
    m_store.write(
        this, [before](Store &store) { return store.deleteRateLimitHitsBefore(before); },
        [retention = m_options.retentionDays](qint64 removed) {
            if (removed > 0)
                qCInfo(lcStore, "Deleted %lld rate-limit hit row(s) older than %d days",
                    static_cast<long long>(removed), retention);
        },
        [](const std::exception_ptr &failure) {
            qCWarning(lcStore, "Cannot delete old rate-limit hits: %s",
                qUtf8Printable(storeErrorOf(failure).message()));
        });
}

} // namespace frontline
