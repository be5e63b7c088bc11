// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "consoleitems.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace frontline::ui {

// Every session the console knows, one row each, kept current by the event stream.
// Rows are keyed by session id: whatever order snapshots and events arrive in, a session
// appears once and keeps its newest state.
class SessionListModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Customer, Status, LastMessage, Time, Unread, ColumnCount };
    enum Roles {
        SessionIdRole = Qt::UserRole + 1,
        StateRole, // SessionState as int
        SortRole, // the raw value a column sorts by
        SearchTextRole, // what the search box matches locally
    };

    explicit SessionListModel(QObject *parent = nullptr);

    // Whose "Mine" and "another agent's" are.
    void setCurrentAgent(const QString &username);

    // A session from a list answer (with its unread count and last message) or from an
    // event (without them: the known ones are kept).
    void upsert(const SessionItem &session, bool withCounters);
    // A new message: the session's preview, time and, if `countUnread`, its unread count.
    void addMessage(const MessageItem &message, bool countUnread);
    void setUnread(const QString &sessionId, int unread);
    void markRateLimited(const QString &sessionId, const QDateTime &at);

    const SessionItem *find(const QString &sessionId) const;
    int rowOf(const QString &sessionId) const;
    int waitingCount() const;
    QList<SessionItem> sessions() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString stateName(SessionState state, const QString &assignedAgent);

Q_SIGNALS:
    void waitingCountChanged(int count);
    // A session has just started to wait for a human.
    void sessionStartedWaiting(const QString &sessionId, const QString &customer);

private:
    void rowChanged(int row);

    QString m_agent;
    QList<SessionItem> m_rows;
    QHash<QString, int> m_rowById;
    int m_waiting = 0;
};

} // namespace frontline::ui
