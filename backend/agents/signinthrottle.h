// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"
#include "security/ratelimitledger.h"
#include "store/ratelimitledgers.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QtGlobal>

#include <functional>
#include <memory>

namespace frontline {

struct SignInLimits
{
    int failures = 5;
    int windowSeconds = 300;
    int checksPerAddress = 2;
    int checksInAll = 8;
};

// Bounds password sign-ins per client address before the slow password check (PBKDF2) runs:
// - at most `failures` failed sign-ins in any `windowSeconds`: each attempt takes a slot first
//   and a successful one gives it back, so guesses sent together cannot all be checked;
// - at most `checksPerAddress` checks at once per address and `checksInAll` in all, so that a
//   flood cannot queue hashing work ahead of a real sign-in.
// With a shared ledger (PostgreSQL) the failures count for every node, and the ledger's step
// runs on a store reader (RateLimitLedgers).
class SignInThrottle final
{
public:
    using Limits = SignInLimits;
    // What an attempt holds until it ends: a slot, and a place among the checks in flight.
    struct Ticket
    {
        QString clientIp;
        qint64 takenAtMs = 0;
    };

    SignInThrottle(
        RateLimitLedgers &ledgers, std::shared_ptr<const Clock> clock, Limits limits = Limits());
    ~SignInThrottle();
    Q_DISABLE_COPY_MOVE(SignInThrottle)

    // Takes a slot for an attempt from `clientIp`, then calls `admitted` with its ticket; or
    // `refused` with DomainError Limited (too many failures, or checks already running for
    // the address) or Unavailable (too many checks running in all), both with a retry-after,
    // or a StoreError when the shared ledger cannot be reached (the sign-in fails closed).
    void begin(const QString &clientIp, std::function<void(const Ticket &)> admitted,
        std::function<void(std::exception_ptr)> refused);
    // The attempt failed: its slot stays taken.
    void fail(const Ticket &ticket);
    // The attempt was no failed guess (the right password, or no check at all): the slot is given
    // back.
    void giveBack(const Ticket &ticket);

private:
    void release(const Ticket &ticket);
    static RateLimitBucket bucketOf(const QString &clientIp);

    RateLimitLedgers &m_ledgers;
    std::shared_ptr<const Clock> m_clock;
    Limits m_limits;
    // The context of the ledger's answers: gone with the throttle, they are dropped.
    std::unique_ptr<QObject> m_replies;
    QHash<QString, int> m_checksByAddress;
    int m_checks = 0;
    int m_beginsSinceSweep = 0;
};

} // namespace frontline
