// SPDX-License-Identifier: GPL-3.0-or-later
#include "ratelimitledger.h"

#include <algorithm>

namespace frontline {

RateLimitBucket RateLimitBucket::of(const QString &route, const RateLimitKey &key)
{
    return { route + QLatin1Char('|') + key.name(), key.name() };
}

RateLimitStep MemoryRateLimitLedger::take(
    const QList<RateLimitBucket> &buckets, int maxHits, qint64 sinceMs, qint64 nowMs, bool record)
{
    QList<Log *> logs;
    bool allowed = true;
    for (const RateLimitBucket &bucket : buckets) {
        Log &log = m_logs[bucket.name];
        log.owner = bucket.owner;
        while (!log.times.empty() && log.times.front() <= sinceMs)
            log.times.pop_front();
        allowed = allowed && static_cast<int>(log.times.size()) < maxHits;
        logs.append(&log);
    }
    RateLimitStep step;
    step.allowed = allowed;
    for (Log *log : logs) {
        if (allowed && record)
            log->times.push_back(nowMs);
        step.logs.append(QList<qint64>(log->times.cbegin(), log->times.cend()));
    }
    return step;
}

void MemoryRateLimitLedger::forget(const QString &owner)
{
    for (auto it = m_logs.begin(); it != m_logs.end();) {
        if (it->owner == owner)
            it = m_logs.erase(it);
        else
            ++it;
    }
}

void MemoryRateLimitLedger::giveBack(const QList<RateLimitBucket> &buckets, qint64 atMs)
{
    for (const RateLimitBucket &bucket : buckets) {
        const auto log = m_logs.find(bucket.name);
        if (log == m_logs.end())
            continue;
        const auto time = std::find(log->times.begin(), log->times.end(), atMs);
        if (time != log->times.end())
            log->times.erase(time);
    }
}

void MemoryRateLimitLedger::sweep(qint64 beforeMs)
{
    for (auto it = m_logs.begin(); it != m_logs.end();) {
        if (it->times.empty() || it->times.back() <= beforeMs)
            it = m_logs.erase(it);
        else
            ++it;
    }
}

} // namespace frontline
