// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "security/ratelimitledger.h"

namespace frontline {

class SqlConnection;

// The rate limiter's logs in PostgreSQL, shared by every node, so that "10 messages a minute"
// holds whichever nodes a customer's requests reach. Each check is one atomic statement,
// committed on its own (outside the group commit of messages), on the connection of the
// store that made it (Store::sharedRateLimitLedger) and on that store's thread: a store
// reader's, through RateLimitLedgers. The logs live in an UNLOGGED table: a crash of the
// database forgives at most a window of use. When the database cannot be reached, take()
// throws StoreError(Unavailable) and the request is refused with 503: the limit fails closed.
class DatabaseRateLimitLedger final : public RateLimitLedger
{
public:
    explicit DatabaseRateLimitLedger(SqlConnection &connection);
    ~DatabaseRateLimitLedger() override;

    RateLimitStep take(const QList<RateLimitBucket> &buckets, int maxHits, qint64 sinceMs,
        qint64 nowMs, bool record) override;
    void forget(const QString &owner) override;
    void giveBack(const QList<RateLimitBucket> &buckets, qint64 atMs) override;
    void sweep(qint64 beforeMs) override;

private:
    SqlConnection *m_connection;
};

} // namespace frontline
