// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"
#include "databaseurl.h"
#include "store.h"
#include "storeerror.h"

#include <QObject>
#include <QPointer>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <type_traits>
#include <vector>

class QThread;

namespace frontline {

// How store work tells its caller that it failed: the exception it threw (a StoreError, or a
// DomainError a piece of work raised itself), to be rethrown and mapped where it is answered.
using StoreFailure = std::function<void(std::exception_ptr)>;

// What `error` holds as a StoreError: itself, or Failed with the message of anything else
// (a DomainError a piece of work raised, a bug).
StoreError storeErrorOf(const std::exception_ptr &error);

// The threads that talk to the database, so that the thread serving HTTP never waits for it.
// Each worker owns one SqlStore, opened on its own thread (a QSqlDatabase connection belongs
// to the thread that opened it):
// - one writer, which takes every write in the order given; the message appends waiting for
//   it at a moment share one transaction and one disk sync (group commit), each answered
//   once that transaction is committed;
// - on PostgreSQL, appenders beside the writer: the sessions are shared out among them (by
//   a hash of their id), and each appender group-commits the appends of its sessions as the
//   writer does, in the order given for each session, in parallel with the others;
// - readers (SQLite: connections reading the WAL beside the writer; PostgreSQL: more
//   connections of the pool), which take reads from one queue.
//
// A piece of work is a function of a Store, run on a worker: it captures values only, never
// an object of the calling thread. Its result, or the exception it threw, comes back later
// (never from within the call) through the event loop of the thread that created the
// workers, to `context`, and is dropped if `context` is gone by then. Whatever `done` throws
// goes to `failed`, so a continuation may refuse in turn.
class StoreWorkers final
{
public:
    struct Options
    {
        int readers = 2;
        // Connections that take the message appends, each for its share of the sessions.
        // 1: the writer takes them, in order with every other write (what SQLite needs: one
        // writer at a time).
        int appenders = 1;
        // This node among those sharing a PostgreSQL database: the writer's changes leave
        // events for the others (see SqlStore::setClusterNode). Empty: none.
        QString clusterNode;
    };

    // Opens every worker's connection. Throws StoreError (the first worker's) when the
    // database cannot be opened; nothing is left running then.
    static std::unique_ptr<StoreWorkers> start(
        const DatabaseUrl &url, std::shared_ptr<const Clock> clock, const Options &options);
    // Runs what is already queued, then stops the workers.
    ~StoreWorkers();
    Q_DISABLE_COPY_MOVE(StoreWorkers)

    QString dialectName() const { return m_dialectName; }
    int readerCount() const { return m_readerCount; }
    // How many connections take the appends (the writer alone counts as one).
    int appenderCount() const { return std::max(1, int(m_appends.size())); }
    // The writer's last write failed because of the database (Store::writesFailing()), and
    // none has succeeded since. Asks nothing of the database.
    bool writesFailing() const { return m_writesFailing.load(); }

    // Runs `work(Store &)` on a reader; then `done(result)` (or `done()` for no result).
    // A read that finds its connection lost (a database restarted while it sat idle) is run
    // once more on a new one: reading twice changes nothing.
    template <typename Work, typename Done>
    void read(QObject *context, Work work, Done done, StoreFailure failed)
    {
        auto again = [work = std::move(work)](Store &store) mutable {
            try {
                return work(store);
            } catch (const StoreError &error) {
                if (error.kind() != StoreError::Kind::Unavailable)
                    throw;
                return work(store);
            }
        };
        submit(m_reads, wrap(context, std::move(again), std::move(done), std::move(failed)));
    }
    // Runs `work(Store &)` on the writer, after every write given before it.
    template <typename Work, typename Done>
    void write(QObject *context, Work work, Done done, StoreFailure failed)
    {
        submit(m_writes, wrap(context, std::move(work), std::move(done), std::move(failed)));
    }
    // Appends a message on the writer, or on its session's appender, in one transaction with
    // the other appends waiting there (Store::appendMessages); `done` runs once that
    // transaction is committed. The appends of one session are stored in the order given.
    void append(QObject *context, AppendRequest request,
        std::function<void(const AppendResult &)> done, StoreFailure failed);

private:
    // A piece of work, or an append (then `run` is empty and the rest is set).
    struct Job
    {
        std::function<void(Store &)> run;
        std::unique_ptr<AppendRequest> append;
        std::function<void(const AppendResult &)> appended;
        StoreFailure failed;
        QPointer<QObject> context;
    };
    struct Queue
    {
        std::mutex mutex;
        std::condition_variable ready;
        std::deque<Job> jobs;
        bool stopping = false;
    };
    class Worker;

    StoreWorkers() = default;

    template <typename Work, typename Done>
    Job wrap(QObject *context, Work work, Done done, StoreFailure failed);
    void submit(Queue &queue, Job job);
    // Runs `reply` on the creating thread, if `context` still exists; what it throws goes to
    // `failed`.
    void deliver(QPointer<QObject> context, std::function<void()> reply, StoreFailure failed);
    void fail(QPointer<QObject> context, StoreFailure failed, std::exception_ptr error);

    // Waits for work in `queue`, then takes all of it; nothing once it is stopping and empty.
    static std::deque<Job> takeAll(Queue &queue);
    void runReader(Store &store);
    void runWriter(Store &store);
    void runAppender(Store &store, Queue &queue);
    void runAppends(Store &store, std::vector<Job> &appends);

    QString m_dialectName;
    std::atomic<bool> m_writesFailing { false };
    int m_readerCount = 0;
    Queue m_reads;
    Queue m_writes;
    // One per appender; empty when the writer takes the appends.
    std::vector<std::unique_ptr<Queue>> m_appends;
    std::vector<std::unique_ptr<Worker>> m_workers;
    // Lives on the creating thread: replies are posted to it, so that a context destroyed on
    // that thread is never touched from a worker.
    std::unique_ptr<QObject> m_replies;
};

template <typename Work, typename Done>
StoreWorkers::Job StoreWorkers::wrap(QObject *context, Work work, Done done, StoreFailure failed)
{
    Job job;
    QPointer<QObject> target(context);
    // `done` and `failed` are moved into the reply, never copied: what they hold (a request's
    // responder) must end on the caller's thread, not with the job on the worker.
    job.run = [this, target, work = std::move(work), done = std::move(done),
                  failed = std::move(failed)](Store &store) mutable {
        using Result = std::invoke_result_t<Work &, Store &>;
        try {
            if constexpr (std::is_void_v<Result>) {
                work(store);
                deliver(target, std::move(done), std::move(failed));
            } else {
                auto result = work(store);
                deliver(
                    target,
                    [done = std::move(done), result = std::move(result)]() mutable {
                        done(std::move(result));
                    },
                    std::move(failed));
            }
        } catch (...) {
            fail(target, std::move(failed), std::current_exception());
        }
    };
    return job;
}

} // namespace frontline
