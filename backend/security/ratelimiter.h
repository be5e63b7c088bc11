// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"
#include "domain/ratelimitkey.h"
#include "security/ratelimitledger.h"

#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace frontline {

struct RateLimit
{
    int count = 0; // at most this many ...
    int windowSeconds = 60; // ... in any window of this length
};

// Which routes are limited and how: "message=10/60,history=100/60,create-session=20/60",
// or "off". "message" limits each session (or verified user); "message-ip" is the ceiling of
// one address's messages, all its sessions together, and unless given it is
// AddressCeilingFactor times the "message" limit over the same window. "typing" and "seen"
// limit each session, by default DefaultTypingPerMinute and DefaultSeenPerMinute a minute.
class RateLimitPolicy final
{
public:
    static constexpr int AddressCeilingFactor = 6;
    // "typing" and "seen" (per session) when not given.
    static constexpr int DefaultTypingPerMinute = 30;
    static constexpr int DefaultSeenPerMinute = 60;
    // Uploads (route "attachment"), for the session and the address alike.
    static constexpr int DefaultAttachmentsPerMinute = 20;
    // Transcripts by e-mail (route "transcript"), per session: each is a mail sent.
    static constexpr int DefaultTranscriptsPerHour = 5;

    static RateLimitPolicy defaults();
    static RateLimitPolicy off();
    // nullopt and a sentence in `error` for text that is not NAME=COUNT/SECONDS,... or "off".
    static std::optional<RateLimitPolicy> parse(const QString &text, QString *error);

    std::optional<RateLimit> limitFor(const QString &route) const;
    int longestWindowSeconds() const;
    QString toString() const;

private:
    QHash<QString, RateLimit> m_limits;
};

// One limit a request must pass: a route's limit, for some of the request's keys.
struct RateLimitCheck
{
    QString route;
    QList<RateLimitKey> keys;
};

struct RateLimitDecision
{
    bool limited = false; // the route has a limit at all
    QString route; // the limit decided on: the one that refused, else the tightest
    bool allowed = true;
    int limit = 0; // RateLimit-Limit
    int windowSeconds = 0; // ... in any window of this length
    int remaining = 0; // RateLimit-Remaining, after this request
    int resetSeconds = 0; // RateLimit-Reset: until the most constrained key gets a slot back
    int retryAfterSeconds = 0; // when refused
    RateLimitKey refusedKey; // which key refused it
    qint64 atMs = 0; // when the request was counted (see RateLimiter::giveBack)
};

// "At most N requests in any window of W seconds" per key, by keeping the times of the
// accepted requests (a sliding log): unlike fixed buckets it never lets 2N through across a
// bucket boundary, and unlike GCRA it never lets N+1 through in one window. A request
// passes only if every key passes; a refused request uses up nothing. The clock is
// injected so tests move time instead of sleeping.
//
// It runs where its ledger is: a running server drives it through RateLimits, which keeps
// the ledger's database work off the thread that serves HTTP.
class RateLimiter final
{
public:
    // Without a ledger, a memory of its own keeps the logs.
    RateLimiter(RateLimitPolicy policy, std::shared_ptr<const Clock> clock,
        std::unique_ptr<RateLimitLedger> ledger = nullptr);
    // Over a ledger that outlives it (one of RateLimits' work).
    RateLimiter(
        RateLimitPolicy policy, std::shared_ptr<const Clock> clock, RateLimitLedger &ledger);

    RateLimitDecision check(const QString &route, const QList<RateLimitKey> &keys);
    // A request that must pass several limits (a session's, and its address's ceiling): it
    // passes only if all do, and a refusal by one uses up nothing of the others. The
    // decision is the refusing limit's, else the one with the fewest requests left.
    RateLimitDecision check(const QList<RateLimitCheck> &checks);
    // The same decisions without recording anything: for the RateLimit-* headers of answers
    // refused before the limit was checked (a malformed body, a wrong token).
    RateLimitDecision peek(const QString &route, const QList<RateLimitKey> &keys);
    RateLimitDecision peek(const QList<RateLimitCheck> &checks);
    // Gives back the slots a request took at `atMs` (its decision's), when it turned out to
    // cost nothing: a retry of a message already stored.
    void giveBack(const QList<RateLimitCheck> &checks, qint64 atMs);
    // Forgets what `key` has used on every route (an agent lifting a block).
    void lift(const RateLimitKey &key);
    // Drops the logs that hold nothing within the policy's longest window any more.
    void sweep();
    void setPolicy(RateLimitPolicy policy);
    const RateLimitPolicy &policy() const { return m_policy; }

private:
    RateLimitDecision decide(
        const QString &route, const QList<RateLimitKey> &keys, bool record, qint64 now);
    qint64 nowMs() const;
    static void keepTighter(
        std::optional<RateLimitDecision> &tightest, const RateLimitDecision &decision);

    RateLimitPolicy m_policy;
    std::shared_ptr<const Clock> m_clock;
    std::unique_ptr<RateLimitLedger> m_ownLedger;
    RateLimitLedger *m_ledger = nullptr;
};

} // namespace frontline
