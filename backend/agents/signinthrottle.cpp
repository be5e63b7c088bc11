// SPDX-License-Identifier: GPL-3.0-or-later
#include "signinthrottle.h"

#include "core/logging.h"
#include "domain/domainerror.h"
#include "store/storeerror.h"

#include <QCoreApplication>

#include <algorithm>

namespace frontline {

SignInThrottle::SignInThrottle(
    RateLimitLedgers &ledgers, std::shared_ptr<const Clock> clock, Limits limits)
    : m_ledgers(ledgers)
    , m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
    , m_limits(limits)
    , m_replies(std::make_unique<QObject>())
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

void SignInThrottle::begin(const QString &clientIp, std::function<void(const Ticket &)> admitted,
    std::function<void(std::exception_ptr)> refused)
{
    // Refusals that cost nothing come first: they take no slot and touch no database.
    if (m_checks >= m_limits.checksInAll) {
        refused(std::make_exception_ptr(
            DomainError(DomainError::Kind::Unavailable, QStringLiteral("busy"),
                QCoreApplication::translate("SignInThrottle",
                    "The server is checking many sign-ins at once. "
                    "Try again in a second."))
                .withRetryAfter(1)));
        return;
    }
    if (m_checksByAddress.value(clientIp) >= m_limits.checksPerAddress) {
        refused(std::make_exception_ptr(
            DomainError(DomainError::Kind::Limited, QStringLiteral("rate_limited"),
                QCoreApplication::translate("SignInThrottle",
                    "Sign-ins from your address are being checked "
                    "already. Wait for their answer, then try again."))
                .withRetryAfter(1)));
        return;
    }

    const qint64 now = m_clock->now().toMSecsSinceEpoch();
    const qint64 windowMs = qint64(m_limits.windowSeconds) * 1000;
    if (++m_beginsSinceSweep >= 1024) {
        m_beginsSinceSweep = 0;
        m_ledgers.run(
            m_replies.get(),
            [before = now - windowMs](RateLimitLedger &ledger) { ledger.sweep(before); }, [] {},
            [](const std::exception_ptr &error) {
                qCWarning(lcBackend, "Cannot sweep the sign-in limits (the next sweep will): %s",
                    qUtf8Printable(storeErrorOf(error).message()));
            });
    }
    // The attempt holds its place among the checks from now on, while the ledger decides:
    // attempts sent together wait for no answer to be counted.
    const Ticket ticket { clientIp, now };
    ++m_checksByAddress[clientIp];
    ++m_checks;
    m_ledgers.run(
        m_replies.get(),
        [bucket = bucketOf(clientIp), failures = m_limits.failures, since = now - windowMs, now](
            RateLimitLedger &ledger) {
            return ledger.take({ bucket }, failures, since, now, true);
        },
        [this, ticket, windowMs, admitted = std::move(admitted), refused](
            const RateLimitStep &step) {
            if (step.allowed) {
                admitted(ticket);
                return;
            }
            release(ticket);
            const QList<qint64> log = step.logs.value(0);
            const qint64 at = ticket.takenAtMs;
            const qint64 freeAt = log.isEmpty() ? at + 1000 : log.constFirst() + windowMs;
            const int retryAfter = int(std::max<qint64>(1, (freeAt - at + 999) / 1000));
            refused(std::make_exception_ptr(
                DomainError(DomainError::Kind::Limited, QStringLiteral("rate_limited"),
                    QCoreApplication::translate("SignInThrottle",
                        "Too many failed sign-ins from your address. Try again in %n second(s).",
                        nullptr, retryAfter))
                    .withRetryAfter(retryAfter)));
        },
        [this, ticket, refused](const std::exception_ptr &error) {
            release(ticket);
            refused(error);
        });
}

void SignInThrottle::fail(const Ticket &ticket)
{
    release(ticket);
}

void SignInThrottle::giveBack(const Ticket &ticket)
{
    release(ticket);
    m_ledgers.run(
        m_replies.get(),
        [bucket = bucketOf(ticket.clientIp), at = ticket.takenAtMs](
            RateLimitLedger &ledger) { ledger.giveBack({ bucket }, at); },
        [] {},
        [](const std::exception_ptr &error) {
            // The slot comes back on its own when the window passes: the sign-in still succeeds.
            qCWarning(lcBackend, "Cannot give a sign-in slot back: %s",
                qUtf8Printable(storeErrorOf(error).message()));
        });
}

void SignInThrottle::release(const Ticket &ticket)
{
    m_checks = std::max(0, m_checks - 1);
    const auto it = m_checksByAddress.find(ticket.clientIp);
    if (it != m_checksByAddress.end() && --*it <= 0)
        m_checksByAddress.erase(it);
}

} // namespace frontline
