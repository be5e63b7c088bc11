// SPDX-License-Identifier: GPL-3.0-or-later
#include "signinthrottle.h"

#include "core/logging.h"
#include "domain/domainerror.h"
#include "store/storeerror.h"

#include <QCoreApplication>

#include <algorithm>

namespace frontline {

SignInThrottle::SignInThrottle(
    std::shared_ptr<const Clock> clock, std::unique_ptr<RateLimitLedger> ledger, Limits limits)
    : m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
    , m_ledger(ledger ? std::move(ledger) : std::make_unique<MemoryRateLimitLedger>())
    , m_limits(limits)
{
}

SignInThrottle::~SignInThrottle() = default;

RateLimitBucket SignInThrottle::bucketOf(const QString &clientIp)
{
    // Its own route and owner names: lifting a customer's block (rate-limits/lift) does not
    // lift this.
    RateLimitBucket bucket
        = RateLimitBucket::of(QStringLiteral("sign-in"), RateLimitKey::address(clientIp));
    bucket.owner.prepend(QLatin1String("sign-in-"));
    return bucket;
}

SignInThrottle::Ticket SignInThrottle::begin(const QString &clientIp)
{
    // Refusals that cost nothing come first: they take no slot and touch no database.
    if (m_checks >= m_limits.checksInAll)
        throw DomainError(DomainError::Kind::Unavailable, QStringLiteral("busy"),
            QCoreApplication::translate("SignInThrottle",
                "The server is checking many sign-ins at once. "
                "Try again in a second."))
            .withRetryAfter(1);
    if (m_checksByAddress.value(clientIp) >= m_limits.checksPerAddress)
        throw DomainError(DomainError::Kind::Limited, QStringLiteral("rate_limited"),
            QCoreApplication::translate("SignInThrottle",
                "Sign-ins from your address are being checked "
                "already. Wait for their answer, then try again."))
            .withRetryAfter(1);

    const qint64 now = m_clock->now().toMSecsSinceEpoch();
    const qint64 windowMs = qint64(m_limits.windowSeconds) * 1000;
    if (++m_beginsSinceSweep >= 1024) {
        m_beginsSinceSweep = 0;
        m_ledger->sweep(now - windowMs);
    }
    const RateLimitStep step
        = m_ledger->take({ bucketOf(clientIp) }, m_limits.failures, now - windowMs, now, true);
    if (!step.allowed) {
        const QList<qint64> log = step.logs.value(0);
        const qint64 freeAt = log.isEmpty() ? now + 1000 : log.constFirst() + windowMs;
        const int retryAfter = int(std::max<qint64>(1, (freeAt - now + 999) / 1000));
        throw DomainError(DomainError::Kind::Limited, QStringLiteral("rate_limited"),
            QCoreApplication::translate("SignInThrottle",
                "Too many failed sign-ins from your address. Try again in %n second(s).", nullptr,
                retryAfter))
            .withRetryAfter(retryAfter);
    }
    ++m_checksByAddress[clientIp];
    ++m_checks;
    return { clientIp, now };
}

void SignInThrottle::fail(const Ticket &ticket)
{
    release(ticket);
}

void SignInThrottle::giveBack(const Ticket &ticket)
{
    release(ticket);
    try {
        m_ledger->giveBack({ bucketOf(ticket.clientIp) }, ticket.takenAtMs);
    } catch (const StoreError &error) {
        // The slot comes back on its own when the window passes: the sign-in still succeeds.
        qCWarning(
            lcBackend, "Cannot give a sign-in slot back: %s", qUtf8Printable(error.message()));
    }
}

void SignInThrottle::release(const Ticket &ticket)
{
    m_checks = std::max(0, m_checks - 1);
    const auto it = m_checksByAddress.find(ticket.clientIp);
    if (it != m_checksByAddress.end() && --*it <= 0)
        m_checksByAddress.erase(it);
}

} // namespace frontline
