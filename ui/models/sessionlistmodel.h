// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "consoleitems.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPoint>
#include <QTimer>

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
        WaitingSinceRole, // QDateTime, null unless the session waits for a human
        LabelsRole, // QStringList: the names of its labels
        LabelColoursRole, // QVariantList of QColor, one per label of LabelsRole
        // A waiting conversation nobody can answer: its mark ("Outside hours", "Nobody
        // online"), "" otherwise. Its sentence is in the Status column's Qt::ToolTipRole.
        UnattendedRole,
        // While a search is typed: the words of the session's best message that matched
        // (the server's snippet, "" for none), and where they are in it, as a QVariantList
        // of QPoint(start, length) in UTF-16 units.
        MatchSnippetRole,
        MatchHighlightsRole,
    };
    // What the server's search found in a session (its `match`).
    struct Match
    {
        QString messageId;
        qint64 seq = 0;
        QString snippet;
        QList<QPoint> highlights; // (start, length)
    };

    explicit SessionListModel(QObject *parent = nullptr);

    // Whose "Mine" and "another agent's" are.
    void setCurrentAgent(const QString &username);
    // How long a customer may wait before the row turns amber, then red (seconds).
    void setWaitThresholds(int amberSeconds, int redSeconds);
    // How long this customer has waited, for the Time column of a waiting row ("4 min"; its Status
    // says "Waiting").
    static QString waitedText(qint64 seconds);
    // When something last happened, as a chat list says it: "now", "5 min", "14:02" today,
    // "Yesterday", the weekday within a week, else the date.
    static QString relativeTimeText(const QDateTime &at, const QDateTime &now);

    // A session from a list answer (with its unread count and last message) or from an
    // event (without them: the known ones are kept).
    void upsert(const SessionItem &session, bool withCounters);
    // A new message: the session's preview, time and, if `countUnread`, its unread count.
    void addMessage(const MessageItem &message, bool countUnread);
    void setUnread(const QString &sessionId, int unread);
    void markRateLimited(const QString &sessionId, const QDateTime &at);
    // The card says "Customer is typing…" instead of the last message while `typing`.
    void setCustomerTyping(const QString &sessionId, bool typing);
    void setCustomerSeen(const QString &sessionId, qint64 seq); // only grows
    static QString customerTypingText();
    // The search's matches, by session id: each row shows its snippet instead of its last
    // message until the next search (empty: none, every row its last message).
    void setMatches(const QHash<QString, Match> &matches);
    static Match matchFromJson(const QJsonObject &json);

    const SessionItem *find(const QString &sessionId) const;
    // The colours of the labels (by name, whatever its case) that the cards show.
    void setLabelColours(const QHash<QString, QColor> &colours);
    QColor labelColour(const QString &name) const;
    // A note names the signed-in agent there: one more to read.
    void addMention(const QString &sessionId);
    int rowOf(const QString &sessionId) const;
    int waitingCount() const;
    // The waiting session whose customer has waited longest; "" when nobody waits.
    QString longestWaiting() const;
    QList<SessionItem> sessions() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString stateName(SessionState state, const QString &assignedAgent);
    // Why a customer waits, from the server's waitingReason: "asked for a human"... ("" when
    // the server does not say).
    static QString waitingReasonText(const QString &waitingReason);
    // The mark of a session's `unattended` ("outside_hours", "nobody_online"; "" for none),
    // and the sentence that says when the customer asked.
    static QString unattendedText(const QString &unattended);
    static QString unattendedDetail(const QString &unattended, const QDateTime &since);

Q_SIGNALS:
    void waitingCountChanged(int count);
    // A session has just started to wait for a human.
    // `reason` says why, in a few words for the notification (see waitingReasonText).
    void sessionStartedWaiting(
        const QString &sessionId, const QString &customer, const QString &reason);

private:
    QHash<QString, QColor> m_labelColours; // by case-folded name
    void rowChanged(int row);
    // Every row's time again: waits grow and "5 min" ages while no event comes.
    void refreshTimes();
    QColor waitColour(qint64 waitedSeconds) const;

    QString m_agent;
    QList<SessionItem> m_rows;
    QHash<QString, Match> m_matches; // by session id
    QHash<QString, int> m_rowById;
    int m_waiting = 0;
    int m_amberSeconds = 120;
    int m_redSeconds = 300;
    QTimer m_waitClock;
};

} // namespace frontline::ui
