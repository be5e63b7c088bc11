// SPDX-License-Identifier: GPL-3.0-or-later
#include "groupcommitter.h"

#include "sqlconnection.h"

namespace frontline {

GroupCommitter::GroupCommitter(SqlConnection &connection)
    : m_connection(connection)
{
}

GroupCommitter::~GroupCommitter() = default;

void GroupCommitter::setEnabled(bool on)
{
    if (!on)
        flush();
    m_enabled = on;
}

void GroupCommitter::add(const std::function<AppendResult()> &append,
    std::function<void(const AppendResult &)> done, std::function<void(const StoreError &)> failed)
{
    try {
        if (!m_groupOpen) {
            m_connection.ensureConnected();
            m_connection.execStatement(QStringLiteral("begin_write"));
            m_groupOpen = true;
        }
        m_group.append({ append(), std::move(done), std::move(failed) });
    } catch (const StoreError &error) {
        // This message is not stored. A lost connection takes the open group with it; any
        // other refusal (no such session, a timeout...) undid this message only.
        if (error.kind() == StoreError::Kind::Unavailable)
            failGroup(error);
        m_connection.noteWrite(&error);
        later([failed, error] { failed(error); });
        if (m_groupOpen && m_group.isEmpty()) {
            // Nothing of the group is left to commit: end its transaction now rather than leave
            // it open (and holding its snapshot) until the next write.
            m_groupOpen = false;
            m_connection.rollBack();
            return;
        }
        if (m_groupOpen)
            scheduleFlush();
        return;
    }
    // Committed once this turn of the event loop has taken every request that arrived with it.
    scheduleFlush();
}

void GroupCommitter::flush()
{
    m_flushScheduled = false;
    if (!m_groupOpen)
        return;
    m_groupOpen = false;
    QList<PendingAppend> group;
    group.swap(m_group);
    try {
        m_connection.execStatement(QStringLiteral("commit"));
        if (!group.isEmpty())
            m_connection.noteWrite(nullptr);
    } catch (const StoreError &error) {
        m_connection.rollBack();
        m_connection.noteWrite(&error);
        for (const PendingAppend &pending : group)
            later([failed = pending.failed, error] { failed(error); });
        return;
    }
    // Answers go out only now that the group is durable.
    for (const PendingAppend &pending : group)
        later([done = pending.done, result = pending.result] { done(result); });
}

void GroupCommitter::failGroup(const StoreError &error)
{
    if (!m_groupOpen)
        return;
    m_groupOpen = false;
    m_connection.rollBack();
    QList<PendingAppend> group;
    group.swap(m_group);
    for (const PendingAppend &pending : group)
        later([failed = pending.failed, error] { failed(error); });
}

void GroupCommitter::scheduleFlush()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    later([this] { flush(); });
}

void GroupCommitter::later(std::function<void()> work)
{
    // Deferred, so that no callback runs in the middle of another request's handling.
    QMetaObject::invokeMethod(&m_callbacks, std::move(work), Qt::QueuedConnection);
}

} // namespace frontline
