// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"
#include "domain/ratelimithit.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>

namespace frontline {

class StoreWorkers;

struct RateLimitHitBatcherOptions
{
    // How long refusals gather before they are written together; also the shortest time
    // between two announcements of the same row to the consoles.
    std::chrono::milliseconds flushInterval { 1000 };
    int retentionDays = 30; // hits older than this are deleted
    int maxPendingRows = 10000; // a flood from very many keys is written at once past this
};

// Keeps the rate limiter's refusals without making each one a durable write and a push to
// every console: a flood of refused requests must stay the cheapest request there is.
// Refusals are counted in memory per key, route and second, and written every
// flushInterval in one transaction (rows and the customers' "rate-limited" counters) by the
// store's writer, after which each written row is announced once, carrying its count. Rows older
// than the retention are deleted at start and then hourly.
class RateLimitHitBatcher final : public QObject
{
    Q_OBJECT
public:
    RateLimitHitBatcher(StoreWorkers &store, std::shared_ptr<const Clock> clock,
        RateLimitHitBatcherOptions options, QObject *parent = nullptr);
    ~RateLimitHitBatcher() override; // hands what is pending to the writer
    Q_DISABLE_COPY_MOVE(RateLimitHitBatcher)

    // Counts one refusal now; `userKey`, when not empty, is the customer whose usage stats
    // count it.
    void record(const RateLimitHit &hit, const QString &userKey);
    // Hands what is pending to the writer now (otherwise done by the timer); batchWritten()
    // tells when it is written.
    void flush();
    // Deletes the hits older than the retention.
    void pruneOldHits();

Q_SIGNALS:
    // A row was written, carrying its count so far: once per row and batch, so that the
    // consoles see a flood as a few counted rows (the server relays it to the live hub).
    void rowWritten(const frontline::RateLimitHit &row);
    // A batch was committed: `rows` rows carrying `hits` refusals.
    void batchWritten(int rows, qint64 hits);

private:
    void batchStored(const QList<RateLimitHit> &pending, const QList<RateLimitHit> &written);

    StoreWorkers &m_store;
    std::shared_ptr<const Clock> m_clock;
    RateLimitHitBatcherOptions m_options;
    QList<RateLimitHit> m_pending; // in the order first refused
    QHash<QString, qsizetype> m_pendingRows; // key, route and second -> index in m_pending
    QHash<QString, qint64> m_rateLimitedUsers;
    QTimer m_flushTimer;
    QTimer m_pruneTimer;
    QDateTime m_lastPrune;
    bool m_failing = false; // the last batch could not be written
    qint64 m_lostHits = 0; // refusals not recorded since then
};

} // namespace frontline
