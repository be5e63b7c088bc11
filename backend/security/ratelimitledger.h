// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ratelimitkey.h"

#include <QHash>
#include <QList>
#include <QString>

#include <deque>

namespace frontline {

// One sliding log of the rate limiter: a route and one key of a request (its IP, its user,
// its session). `owner` names the key alone, so that a block can be lifted on every route.
struct RateLimitBucket
{
    QString name; // route, key kind and key
    QString owner; // key kind and key

    // The bucket of `key` on `route`: "route|kind:value", owned by "kind:value".
    static RateLimitBucket of(const QString &route, const RateLimitKey &key);
};

// What one step of the ledger found: whether the request passes, and each bucket's times
// after the step, oldest first, in the order the buckets were given.
struct RateLimitStep
{
    bool allowed = true;
    QList<QList<qint64>> logs;
};

// Where the rate limiter keeps the times of the requests it accepted: in this process, or,
// when several nodes share a database, in that database so that the limit holds for all.
class RateLimitLedger
{
public:
    virtual ~RateLimitLedger() = default;

    // One atomic step for one request: each bucket forgets the times up to `sinceMs`; if every
    // bucket then holds fewer than `maxHits` times and `record` is set, each gets `nowMs`.
    // Throws StoreError when the shared ledger cannot be reached.
    virtual RateLimitStep take(const QList<RateLimitBucket> &buckets, int maxHits, qint64 sinceMs,
        qint64 nowMs, bool record)
        = 0;
    // Forgets every bucket of `owner`.
    virtual void forget(const QString &owner) = 0;
    // Takes one time `atMs` out of each bucket again: a request that turned out not to count
    // (a successful sign-in) gives its slot back.
    virtual void giveBack(const QList<RateLimitBucket> &buckets, qint64 atMs) = 0;
    // Drops the buckets whose last time is at or before `beforeMs`: they hold nothing that
    // matters any more.
    virtual void sweep(qint64 beforeMs) = 0;
};

// The ledger of a single node, in memory.
class MemoryRateLimitLedger final : public RateLimitLedger
{
public:
    RateLimitStep take(const QList<RateLimitBucket> &buckets, int maxHits, qint64 sinceMs,
        qint64 nowMs, bool record) override;
    void forget(const QString &owner) override;
    void giveBack(const QList<RateLimitBucket> &buckets, qint64 atMs) override;
    void sweep(qint64 beforeMs) override;

private:
    struct Log
    {
        QString owner;
        std::deque<qint64> times;
    };
    QHash<QString, Log> m_logs;
};

} // namespace frontline
