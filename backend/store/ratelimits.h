// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"
#include "ratelimitledgers.h"
#include "security/ratelimiter.h"

#include <QObject>

#include <functional>
#include <memory>

namespace frontline {

// The request limits of a running node: RateLimiter's decisions, taken where the logs are
// (RateLimitLedgers), so that on PostgreSQL the thread serving HTTP sends the ledger's
// statements to a store reader instead of waiting for them. The policy lives here, on the
// serving thread; each step takes a copy of it. A request whose routes have no limit (the
// policy "off") is decided at once, without the ledger.
//
// Answers come to the serving thread; one still due when RateLimits is destroyed is dropped.
class RateLimits final
{
public:
    using Decided = std::function<void(const RateLimitDecision &)>;

    RateLimits(
        RateLimitLedgers &ledgers, RateLimitPolicy policy, std::shared_ptr<const Clock> clock);
    ~RateLimits();
    Q_DISABLE_COPY_MOVE(RateLimits)

    // RateLimiter::check: counts the request if every limit lets it through.
    void check(const QList<RateLimitCheck> &checks, Decided done, StoreFailure failed);
    // RateLimiter::peek: the same decision, counting nothing.
    void peek(const QList<RateLimitCheck> &checks, Decided done, StoreFailure failed);
    // RateLimiter::giveBack. Nothing waits for it: a slot that cannot be given back (the
    // database out of reach) comes back on its own when its window has passed.
    void giveBack(const QList<RateLimitCheck> &checks, qint64 atMs);
    // RateLimiter::lift.
    void lift(const RateLimitKey &key, std::function<void()> done, StoreFailure failed);

    void setPolicy(RateLimitPolicy policy);
    const RateLimitPolicy &policy() const { return m_policy; }

private:
    void decide(
        const QList<RateLimitCheck> &checks, bool record, Decided done, StoreFailure failed);
    bool needsLedger(const QList<RateLimitCheck> &checks) const;
    void sweepNowAndThen();
    // This moment, for a step that runs on a store reader (see ArrivalClock).
    std::shared_ptr<const Clock> arrivalClock() const;

    RateLimitLedgers &m_ledgers;
    RateLimitPolicy m_policy;
    std::shared_ptr<const Clock> m_clock;
    // The context of the ledger's answers: gone with RateLimits, they are dropped.
    std::unique_ptr<QObject> m_replies;
    int m_checksSinceSweep = 0;
};

} // namespace frontline
