// SPDX-License-Identifier: GPL-3.0-or-later
#include "ratelimiter.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>

namespace frontline {

namespace {

int secondsUntil(qint64 fromMs, qint64 toMs)
{
    return static_cast<int>(std::max<qint64>(1, (toMs - fromMs + 999) / 1000));
}

} // namespace

RateLimitPolicy RateLimitPolicy::defaults()
{
    RateLimitPolicy policy;
    policy.m_limits.insert(QStringLiteral("message"), { 10, 60 });
    policy.m_limits.insert(QStringLiteral("history"), { 100, 60 });
    policy.m_limits.insert(QStringLiteral("create-session"), { 20, 60 });
    return policy;
}

RateLimitPolicy RateLimitPolicy::off()
{
    return {};
}

std::optional<RateLimitPolicy> RateLimitPolicy::parse(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    if (trimmed.compare(QLatin1String("off"), Qt::CaseInsensitive) == 0)
        return off();
    static const QRegularExpression item(QStringLiteral("^([a-z][a-z-]*)=(\\d{1,6})/(\\d{1,6})$"));
    RateLimitPolicy policy = defaults();
    const QStringList items = trimmed.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &raw : items) {
        const QRegularExpressionMatch match = item.match(raw.trimmed());
        const int count = match.hasMatch() ? match.captured(2).toInt() : 0;
        const int window = match.hasMatch() ? match.captured(3).toInt() : 0;
        if (!match.hasMatch() || count < 1 || window < 1) {
            *error = QCoreApplication::translate("RateLimiter",
                "Invalid rate limit \"%1\": write ROUTE=COUNT/SECONDS with "
                "positive numbers, for example "
                "message=10/60,history=100/60,create-session=20/60, or off.")
                         .arg(raw.trimmed());
            return std::nullopt;
        }
        policy.m_limits.insert(match.captured(1), { count, window });
    }
    return policy;
}

std::optional<RateLimit> RateLimitPolicy::limitFor(const QString &route) const
{
    if (const auto it = m_limits.constFind(route); it != m_limits.constEnd())
        return *it;
    // Policies written before the per-session limit keep a sensible address ceiling: a few
    // sessions' worth, so that one address cannot write without bound by opening sessions.
    if (route == QLatin1String("message-ip")) {
        if (const auto message = m_limits.constFind(QStringLiteral("message"));
            message != m_limits.constEnd())
            return RateLimit { message->count * AddressCeilingFactor, message->windowSeconds };
    }
    // Typing and seen come from the page by themselves, many times a conversation, and files
    // are sent apart from messages: unless given, each has a limit of its own while any route
    // is limited (not when "off").
    if (!m_limits.isEmpty()) {
        if (route == QLatin1String("typing"))
            return RateLimit { DefaultTypingPerMinute, 60 };
        if (route == QLatin1String("seen"))
            return RateLimit { DefaultSeenPerMinute, 60 };
        if (route == QLatin1String("attachment"))
            return RateLimit { DefaultAttachmentsPerMinute, 60 };
        if (route == QLatin1String("transcript"))
            return RateLimit { DefaultTranscriptsPerHour, 3600 };
    }
    return std::nullopt;
}

int RateLimitPolicy::longestWindowSeconds() const
{
    int longest = 0;
    for (const RateLimit &limit : m_limits)
        longest = std::max(longest, limit.windowSeconds);
    return longest;
}

QString RateLimitPolicy::toString() const
{
    if (m_limits.isEmpty())
        return QStringLiteral("off");
    QStringList routes = m_limits.keys();
    routes.sort();
    QStringList items;
    for (const QString &route : routes) {
        const RateLimit limit = m_limits.value(route);
        items.append(
            QStringLiteral("%1=%2/%3").arg(route).arg(limit.count).arg(limit.windowSeconds));
    }
    return items.join(QLatin1Char(','));
}

RateLimiter::RateLimiter(RateLimitPolicy policy, std::shared_ptr<const Clock> clock,
    std::unique_ptr<RateLimitLedger> ledger)
    : m_policy(std::move(policy))
    , m_clock(std::move(clock))
    , m_ownLedger(ledger ? std::move(ledger) : std::make_unique<MemoryRateLimitLedger>())
    , m_ledger(m_ownLedger.get())
{
}

RateLimiter::RateLimiter(
    RateLimitPolicy policy, std::shared_ptr<const Clock> clock, RateLimitLedger &ledger)
    : m_policy(std::move(policy))
    , m_clock(std::move(clock))
    , m_ledger(&ledger)
{
}

void RateLimiter::setPolicy(RateLimitPolicy policy)
{
    m_policy = std::move(policy);
}

qint64 RateLimiter::nowMs() const
{
    return m_clock->now().toMSecsSinceEpoch();
}

RateLimitDecision RateLimiter::check(const QString &route, const QList<RateLimitKey> &keys)
{
    return decide(route, keys, true, nowMs());
}

RateLimitDecision RateLimiter::peek(const QString &route, const QList<RateLimitKey> &keys)
{
    return decide(route, keys, false, nowMs());
}

RateLimitDecision RateLimiter::check(const QList<RateLimitCheck> &checks)
{
    // Every limit after the first is looked at before any is taken, so that a request refused
    // by one uses up nothing of the others. (With several nodes, another may take the last
    // slot of a later limit in between: then an earlier slot goes to a refused request.)
    if (checks.size() > 1) {
        const RateLimitDecision looked = peek(checks.mid(1));
        if (!looked.allowed)
            return looked;
    }
    std::optional<RateLimitDecision> tightest;
    const qint64 now = nowMs(); // one time for every limit: what giveBack() finds again
    for (const RateLimitCheck &one : checks) {
        const RateLimitDecision decision = decide(one.route, one.keys, true, now);
        if (!decision.allowed)
            return decision;
        keepTighter(tightest, decision);
    }
    return tightest.value_or(RateLimitDecision {});
}

RateLimitDecision RateLimiter::peek(const QList<RateLimitCheck> &checks)
{
    std::optional<RateLimitDecision> refused;
    std::optional<RateLimitDecision> tightest;
    const qint64 now = nowMs();
    for (const RateLimitCheck &one : checks) {
        const RateLimitDecision decision = decide(one.route, one.keys, false, now);
        if (!decision.allowed) {
            if (!refused || decision.retryAfterSeconds > refused->retryAfterSeconds)
                refused = decision;
        } else {
            keepTighter(tightest, decision);
        }
    }
    return refused ? *refused : tightest.value_or(RateLimitDecision {});
}

void RateLimiter::keepTighter(
    std::optional<RateLimitDecision> &tightest, const RateLimitDecision &decision)
{
    if (decision.limited && (!tightest || decision.remaining < tightest->remaining))
        tightest = decision;
}

void RateLimiter::giveBack(const QList<RateLimitCheck> &checks, qint64 atMs)
{
    for (const RateLimitCheck &one : checks) {
        if (!m_policy.limitFor(one.route) || one.keys.isEmpty())
            continue;
        QList<RateLimitBucket> buckets;
        for (const RateLimitKey &key : one.keys)
            buckets.append(RateLimitBucket::of(one.route, key));
        m_ledger->giveBack(buckets, atMs);
    }
}

RateLimitDecision RateLimiter::decide(
    const QString &route, const QList<RateLimitKey> &keys, bool record, qint64 now)
{
    RateLimitDecision decision;
    decision.route = route;
    const std::optional<RateLimit> limit = m_policy.limitFor(route);
    if (!limit || keys.isEmpty())
        return decision;

    decision.atMs = now;
    const qint64 windowMs = qint64(limit->windowSeconds) * 1000;

    QList<RateLimitBucket> buckets;
    for (const RateLimitKey &key : keys)
        buckets.append(RateLimitBucket::of(route, key));
    // The ledger decides for every key before it records anything, so a refusal uses up nothing.
    const RateLimitStep step = m_ledger->take(buckets, limit->count, now - windowMs, now, record);
    const QList<QList<qint64>> &logs = step.logs;

    decision.limited = true;
    decision.limit = limit->count;
    decision.windowSeconds = limit->windowSeconds;
    decision.remaining = limit->count;
    for (qsizetype i = 0; i < logs.size(); ++i) {
        const QList<qint64> &log = logs.at(i);
        if (!step.allowed && log.size() >= limit->count) {
            const int retryAfter = secondsUntil(now, log.constFirst() + windowMs);
            if (decision.allowed || retryAfter > decision.retryAfterSeconds) {
                decision.retryAfterSeconds = retryAfter;
                decision.refusedKey = keys.at(i);
            }
            decision.allowed = false;
        }
    }
    if (!step.allowed && decision.allowed) { // another node took the last slot meanwhile
        decision.allowed = false;
        decision.retryAfterSeconds = 1;
        decision.refusedKey = keys.constFirst();
    }
    if (!decision.allowed) {
        decision.remaining = 0;
        decision.resetSeconds = decision.retryAfterSeconds;
        return decision;
    }
    for (const QList<qint64> &log : logs) {
        const int remaining = limit->count - static_cast<int>(log.size());
        if (remaining <= decision.remaining) {
            decision.remaining = remaining;
            decision.resetSeconds = log.isEmpty() ? limit->windowSeconds
                                                  : secondsUntil(now, log.constFirst() + windowMs);
        }
    }
    return decision;
}

void RateLimiter::lift(const RateLimitKey &key)
{
    m_ledger->forget(key.name());
}

void RateLimiter::sweep()
{
    m_ledger->sweep(nowMs() - qint64(m_policy.longestWindowSeconds()) * 1000);
}

} // namespace frontline
