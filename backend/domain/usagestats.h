// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace frontline {

// Per user key counters (the original app's UserUsageStats). The keys are those of
// usagekey.h: "user:<id>" for a user the host site vouched for, else "session:<id>" (and
// "address:<ip>" for an anonymous customer's tokens).
struct UsageStats
{
    QString userKey;
    qint64 sessions = 0;
    qint64 messagesSent = 0;
    qint64 assistantReplies = 0;
    qint64 rateLimited = 0;
    qint64 tokensIn = 0;
    qint64 tokensOut = 0;
    QDateTime lastActiveAt;

    friend bool operator==(const UsageStats &, const UsageStats &) = default;
};

// Increments applied atomically to one user's counters.
struct UsageDelta
{
    qint64 sessions = 0;
    qint64 messagesSent = 0;
    qint64 assistantReplies = 0;
    qint64 rateLimited = 0;
    qint64 tokensIn = 0;
    qint64 tokensOut = 0;
};

} // namespace frontline
