// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store.h"

#include <QList>
#include <QObject>

#include <functional>

namespace frontline {

class SqlConnection;

// Group commit for a serving store: the message appends of one turn of the event loop share
// one transaction and its disk sync, and each is answered (later, never from within the call)
// only once that transaction is committed, or told it failed with nothing of it stored.
// Every other write of the store flushes the open group first: one transaction at a time.
class GroupCommitter final
{
public:
    explicit GroupCommitter(SqlConnection &connection);
    ~GroupCommitter();
    Q_DISABLE_COPY_MOVE(GroupCommitter)

    void setEnabled(bool on);
    bool isEnabled() const { return m_enabled; }

    // Runs `append` (which stores one message in the transaction that is open, or throws
    // StoreError having undone only its own part) in the group's transaction, beginning one
    // if needed; `done` or `failed` runs once the group is committed or has failed.
    void add(const std::function<AppendResult()> &append,
        std::function<void(const AppendResult &)> done,
        std::function<void(const StoreError &)> failed);
    // Commits the open group now.
    void flush();

private:
    struct PendingAppend
    {
        AppendResult result;
        std::function<void(const AppendResult &)> done;
        std::function<void(const StoreError &)> failed;
    };

    void failGroup(const StoreError &error);
    void scheduleFlush();
    void later(std::function<void()> work);

    SqlConnection &m_connection;
    bool m_enabled = false;
    bool m_groupOpen = false; // a group's transaction is open on the connection
    bool m_flushScheduled = false;
    QList<PendingAppend> m_group;
    QObject m_callbacks; // context of the deferred callbacks: they die with the committer
};

} // namespace frontline
