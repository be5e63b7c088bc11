// SPDX-License-Identifier: GPL-3.0-or-later
#include "ratelimits.h"

#include "core/logging.h"

namespace frontline {

namespace {

// The moment a request came in, for a step that may run a little later on a store reader:
// the request is counted at its own time, and the serving thread's clock is read on that
// thread only.
class ArrivalClock final : public Clock
{
public:
    explicit ArrivalClock(QDateTime at)
        : m_at(std::move(at))
    {
    }
    QDateTime now() const override { return m_at; }

private:
    QDateTime m_at;
};

// A sweep after this many checks keeps the logs of keys seen once from piling up.
constexpr int ChecksPerSweep = 4096;

} // namespace

RateLimits::RateLimits(
    RateLimitLedgers &ledgers, RateLimitPolicy policy, std::shared_ptr<const Clock> clock)
    : m_ledgers(ledgers)
    , m_policy(std::move(policy))
    , m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
    , m_replies(std::make_unique<QObject>())
{
}

RateLimits::~RateLimits() = default;

void RateLimits::setPolicy(RateLimitPolicy policy)
{
    m_policy = std::move(policy);
}

void RateLimits::check(const QList<RateLimitCheck> &checks, Decided done, StoreFailure failed)
{
    decide(checks, true, std::move(done), std::move(failed));
}

void RateLimits::peek(const QList<RateLimitCheck> &checks, Decided done, StoreFailure failed)
{
    decide(checks, false, std::move(done), std::move(failed));
}

bool RateLimits::needsLedger(const QList<RateLimitCheck> &checks) const
{
    for (const RateLimitCheck &one : checks) {
        if (!one.keys.isEmpty() && m_policy.limitFor(one.route))
            return true;
    }
    return false;
}

void RateLimits::decide(
    const QList<RateLimitCheck> &checks, bool record, Decided done, StoreFailure failed)
{
    auto clock = arrivalClock();
    if (!needsLedger(checks)) {
        // No limit applies: RateLimiter says so without touching a ledger.
        MemoryRateLimitLedger none;
        RateLimiter limiter(m_policy, clock, none);
        try {
            done(record ? limiter.check(checks) : limiter.peek(checks));
        } catch (...) {
            failed(std::current_exception());
        }
        return;
    }
    if (record)
        sweepNowAndThen();
    m_ledgers.run(
        m_replies.get(),
        [policy = m_policy, clock, checks, record](RateLimitLedger &ledger) {
            RateLimiter limiter(policy, clock, ledger);
            return record ? limiter.check(checks) : limiter.peek(checks);
        },
        std::move(done), std::move(failed));
}

void RateLimits::giveBack(const QList<RateLimitCheck> &checks, qint64 atMs)
{
    if (!needsLedger(checks))
        return;
    m_ledgers.run(
        m_replies.get(),
        [policy = m_policy, clock = arrivalClock(), checks, atMs](
            RateLimitLedger &ledger) { RateLimiter(policy, clock, ledger).giveBack(checks, atMs); },
        [] {},
        [](const std::exception_ptr &error) {
            qCWarning(lcStore,
                "Cannot give a rate-limit slot back (it comes back when its window "
                "has passed): %s",
                qUtf8Printable(storeErrorOf(error).message()));
        });
}

void RateLimits::lift(const RateLimitKey &key, std::function<void()> done, StoreFailure failed)
{
    m_ledgers.run(
        m_replies.get(),
        [policy = m_policy, clock = arrivalClock(), key](
            RateLimitLedger &ledger) { RateLimiter(policy, clock, ledger).lift(key); },
        std::move(done), std::move(failed));
}

std::shared_ptr<const Clock> RateLimits::arrivalClock() const
{
    return std::make_shared<ArrivalClock>(m_clock->now());
}

void RateLimits::sweepNowAndThen()
{
    if (++m_checksSinceSweep < ChecksPerSweep)
        return;
    m_checksSinceSweep = 0;
    m_ledgers.run(
        m_replies.get(),
        [policy = m_policy, clock = arrivalClock()](
            RateLimitLedger &ledger) { RateLimiter(policy, clock, ledger).sweep(); },
        [] {},
        [](const std::exception_ptr &error) {
            qCWarning(lcStore, "Cannot sweep the rate-limit logs (the next sweep will): %s",
                qUtf8Printable(storeErrorOf(error).message()));
        });
}

} // namespace frontline
