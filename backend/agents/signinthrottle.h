// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"
#include "security/ratelimitledger.h"

#include <QHash>
#include <QString>
#include <QtGlobal>

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
// With a shared ledger (PostgreSQL) the failures count for every node.
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

    // Without a ledger, this node's memory keeps the failures.
    explicit SignInThrottle(std::shared_ptr<const Clock> clock,
        std::unique_ptr<RateLimitLedger> ledger = nullptr, Limits limits = Limits());
    ~SignInThrottle();
    Q_DISABLE_COPY_MOVE(SignInThrottle)

    // Throws DomainError Limited (too many failures, or checks already running for the
    // address) or Unavailable (too many checks running in all), both with a retry-after;
    // StoreError when the shared ledger cannot be reached (the sign-in fails closed).
    Ticket begin(const QString &clientIp);
    // The attempt failed: its slot stays taken.
    void fail(const Ticket &ticket);
    // The attempt was no failed guess (the right password, or no check at all): the slot is given
    // back.
    void giveBack(const Ticket &ticket);

private:
    void release(const Ticket &ticket);
    static RateLimitBucket bucketOf(const QString &clientIp);

    std::shared_ptr<const Clock> m_clock;
    std::unique_ptr<RateLimitLedger> m_ledger;
    Limits m_limits;
    QHash<QString, int> m_checksByAddress;
    int m_checks = 0;
    int m_beginsSinceSweep = 0;
};

} // namespace frontline
