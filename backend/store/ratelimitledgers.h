// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "security/ratelimitledger.h"
#include "storeworkers.h"

#include <exception>
#include <type_traits>
#include <utility>

namespace frontline {

// Where a running node keeps the rate limits' logs, and how they are reached without the
// thread that serves HTTP ever waiting for a database:
// - one node on SQLite keeps them in its memory: the work runs at once, on the calling
//   thread, and `done` is called before run() returns;
// - nodes sharing a PostgreSQL database keep them there, so that one limit holds for all:
//   the work runs on a store reader, on that reader's connection
//   (Store::sharedRateLimitLedger), and `done` comes later through the event loop, like any
//   read of StoreWorkers.
// Either way, whatever the work or `done` throws goes to `failed`.
class RateLimitLedgers final
{
public:
    enum class Keeping { InMemory, InDatabase };

    RateLimitLedgers(StoreWorkers &workers, Keeping keeping)
        : m_workers(workers)
        , m_keeping(keeping)
    {
    }
    Q_DISABLE_COPY_MOVE(RateLimitLedgers)

    bool shared() const { return m_keeping == Keeping::InDatabase; }

    // Runs `work(RateLimitLedger &)` where the logs are, then `done(result)` (or `done()`).
    // A step that finds the database connection lost is run once more on a new one (see
    // StoreWorkers::read): at worst a request is counted twice, never let through unseen.
    template <typename Work, typename Done>
    void run(QObject *context, Work work, Done done, StoreFailure failed)
    {
        if (shared()) {
            m_workers.read(
                context,
                [work = std::move(work)](
                    Store &store) mutable { return work(store.sharedRateLimitLedger()); },
                std::move(done), std::move(failed));
            return;
        }
        try {
            using Result = std::invoke_result_t<Work &, RateLimitLedger &>;
            if constexpr (std::is_void_v<Result>) {
                work(m_memory);
                done();
            } else {
                done(work(m_memory));
            }
        } catch (...) {
            failed(std::current_exception());
        }
    }

private:
    StoreWorkers &m_workers;
    Keeping m_keeping;
    MemoryRateLimitLedger m_memory;
};

} // namespace frontline
