// SPDX-License-Identifier: GPL-3.0-or-later
#include "storeworkers.h"

#include "sqlstore.h"
#include "storeerror.h"

#include <QHashFunctions>
#include <QThread>

#include <future>
#include <iterator>

namespace frontline {

StoreError storeErrorOf(const std::exception_ptr &error)
{
    try {
        if (error)
            std::rethrow_exception(error);
    } catch (const StoreError &storeError) {
        return storeError;
    } catch (const std::exception &other) {
        return StoreError(StoreError::Kind::Failed, QString::fromUtf8(other.what()));
    } catch (...) {
    }
    return StoreError(StoreError::Kind::Failed, QStringLiteral("unexpected error"));
}

// One thread and the store it owns: opened, used and closed on that thread.
class StoreWorkers::Worker final : public QThread
{
public:
    Worker(const QString &name, std::function<std::unique_ptr<SqlStore>()> open,
        std::function<void(Store &)> loop)
        : m_open(std::move(open))
        , m_loop(std::move(loop))
    {
        setObjectName(name); // the thread's name in a debugger or `perf`
    }

    // Blocks until the store is open on the thread: rethrows what opening it threw.
    void startAndWaitOpen()
    {
        std::future<void> opened = m_opened.get_future();
        start();
        opened.get();
    }

protected:
    void run() override
    {
        std::unique_ptr<SqlStore> store;
        try {
            store = m_open();
        } catch (...) {
            m_opened.set_exception(std::current_exception());
            return;
        }
        m_opened.set_value();
        m_loop(*store);
    }

private:
    std::function<std::unique_ptr<SqlStore>()> m_open;
    std::function<void(Store &)> m_loop;
    std::promise<void> m_opened;
};

std::unique_ptr<StoreWorkers> StoreWorkers::start(
    const DatabaseUrl &url, std::shared_ptr<const Clock> clock, const Options &options)
{
    std::unique_ptr<StoreWorkers> workers(new StoreWorkers);
    workers->m_replies = std::make_unique<QObject>();
    workers->m_dialectName = url.kind == DatabaseUrl::Kind::Sqlite ? QStringLiteral("sqlite")
                                                                   : QStringLiteral("postgresql");
    const auto opener = [url, clock, node = options.clusterNode](const QString &role) {
        return [url, clock, node, role] {
            auto store = SqlStore::open(
                url.withApplicationName(QStringLiteral("frontline-") + role), clock);
            store->setClusterNode(node);
            return store;
        };
    };
    StoreWorkers *self = workers.get();
    workers->m_workers.push_back(std::make_unique<Worker>(QStringLiteral("store writer"),
        opener(QStringLiteral("writer")), [self](Store &store) { self->runWriter(store); }));
    if (options.appenders > 1) {
        for (int i = 0; i < options.appenders; ++i) {
            Queue *queue = workers->m_appends.emplace_back(std::make_unique<Queue>()).get();
            workers->m_workers.push_back(std::make_unique<Worker>(
                QStringLiteral("store appender %1").arg(i + 1), opener(QStringLiteral("appender")),
                [self, queue](Store &store) { self->runAppender(store, *queue); }));
        }
    }
    workers->m_readerCount = std::max(1, options.readers);
    for (int i = 0; i < workers->m_readerCount; ++i)
        workers->m_workers.push_back(std::make_unique<Worker>(
            QStringLiteral("store reader %1").arg(i + 1), opener(QStringLiteral("reader")),
            [self](Store &store) { self->runReader(store); }));
    // On failure the destructor stops the workers already running.
    for (const auto &worker : workers->m_workers)
        worker->startAndWaitOpen();
    return workers;
}

StoreWorkers::~StoreWorkers()
{
    std::vector<Queue *> queues { &m_reads, &m_writes };
    for (const auto &queue : m_appends)
        queues.push_back(queue.get());
    for (Queue *queue : queues) {
        const std::lock_guard lock(queue->mutex);
        queue->stopping = true;
        queue->ready.notify_all();
    }
    for (const auto &worker : m_workers)
        worker->wait();
    m_workers.clear();
}

void StoreWorkers::append(QObject *context, AppendRequest request,
    std::function<void(const AppendResult &)> done, StoreFailure failed)
{
    // A session always goes to the same appender: its messages are numbered in the order
    // they were given.
    Queue &queue = m_appends.empty()
        ? m_writes
        : *m_appends[qHash(request.message.sessionId) % m_appends.size()];
    Job job;
    job.append = std::make_unique<AppendRequest>(std::move(request));
    job.appended = std::move(done);
    job.failed = std::move(failed);
    job.context = context;
    submit(queue, std::move(job));
}

void StoreWorkers::submit(Queue &queue, Job job)
{
    const std::lock_guard lock(queue.mutex);
    queue.jobs.push_back(std::move(job));
    queue.ready.notify_one();
}

void StoreWorkers::deliver(
    QPointer<QObject> context, std::function<void()> reply, StoreFailure failed)
{
    QMetaObject::invokeMethod(
        m_replies.get(),
        [context, reply = std::move(reply), failed = std::move(failed)] {
            if (!context)
                return; // whoever asked is gone, and the answer with it
            try {
                reply();
            } catch (...) {
                if (failed)
                    failed(std::current_exception());
            }
        },
        Qt::QueuedConnection);
}

void StoreWorkers::fail(QPointer<QObject> context, StoreFailure failed, std::exception_ptr error)
{
    QMetaObject::invokeMethod(
        m_replies.get(),
        [context, failed = std::move(failed), error] {
            if (context && failed)
                failed(error);
        },
        Qt::QueuedConnection);
}

void StoreWorkers::runReader(Store &store)
{
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_reads.mutex);
            m_reads.ready.wait(lock, [&] { return !m_reads.jobs.empty() || m_reads.stopping; });
            if (m_reads.jobs.empty())
                return; // stopping, with nothing left to read
            job = std::move(m_reads.jobs.front());
            m_reads.jobs.pop_front();
        }
        job.run(store);
    }
}

void StoreWorkers::runWriter(Store &store)
{
    for (;;) {
        // Everything waiting now: the appends among it share one transaction.
        std::deque<Job> taken = takeAll(m_writes);
        if (taken.empty())
            return;
        std::vector<Job> appends;
        for (Job &job : taken) {
            if (job.append) {
                appends.push_back(std::move(job));
                continue;
            }
            runAppends(store, appends); // the appends given before this write go first
            job.run(store);
            m_writesFailing = store.writesFailing();
        }
        runAppends(store, appends);
    }
}

std::deque<StoreWorkers::Job> StoreWorkers::takeAll(Queue &queue)
{
    std::unique_lock lock(queue.mutex);
    queue.ready.wait(lock, [&] { return !queue.jobs.empty() || queue.stopping; });
    std::deque<Job> taken;
    taken.swap(queue.jobs);
    return taken;
}

void StoreWorkers::runAppender(Store &store, Queue &queue)
{
    for (;;) {
        // Everything waiting now shares one transaction.
        std::deque<Job> taken = takeAll(queue);
        if (taken.empty())
            return;
        std::vector<Job> appends(
            std::make_move_iterator(taken.begin()), std::make_move_iterator(taken.end()));
        runAppends(store, appends);
    }
}

void StoreWorkers::runAppends(Store &store, std::vector<Job> &appends)
{
    if (appends.empty())
        return;
    QList<AppendRequest> requests;
    requests.reserve(qsizetype(appends.size()));
    for (const Job &job : appends)
        requests.append(*job.append);
    QList<AppendOutcome> outcomes;
    try {
        outcomes = store.appendMessages(requests);
        m_writesFailing = store.writesFailing();
    } catch (...) {
        const std::exception_ptr error = std::current_exception();
        for (Job &job : appends)
            fail(job.context, std::move(job.failed), error);
        appends.clear();
        return;
    }
    for (qsizetype i = 0; i < qsizetype(appends.size()); ++i) {
        Job &job = appends[size_t(i)];
        const AppendOutcome &outcome = outcomes.at(i);
        if (outcome.result) {
            deliver(
                job.context,
                [done = std::move(job.appended), result = *outcome.result] { done(result); },
                std::move(job.failed));
        } else {
            fail(job.context, std::move(job.failed),
                std::make_exception_ptr(outcome.error.value_or(
                    StoreError(StoreError::Kind::Failed, QStringLiteral("no outcome")))));
        }
    }
    appends.clear();
}

} // namespace frontline
