// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionlistmodel.h"

#include <QApplication>
#include <QFont>
#include <QJsonArray>
#include <QLocale>
#include <QStyle>

namespace frontline::ui {

namespace {

QString preview(const MessageItem &message)
{
    // One line of plain text: the list never interprets what customers write.
    QString text = message.content.simplified();
    if (text.isEmpty() && !message.attachments.isEmpty()) // a message of attachments only
        text = QStringLiteral("📎 ") + message.attachments.first().filename;
    if (text.size() > 120)
        text = text.left(119) + QChar(0x2026);
    return text;
}

} // namespace

SessionListModel::SessionListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_waitClock.setInterval(15'000); // minutes are shown: a quarter of one is close enough
    connect(&m_waitClock, &QTimer::timeout, this, &SessionListModel::refreshTimes);
    m_waitClock.start();
}

void SessionListModel::setWaitThresholds(int amberSeconds, int redSeconds)
{
    m_amberSeconds = std::max(amberSeconds, 1);
    m_redSeconds = std::max(redSeconds, m_amberSeconds);
    refreshTimes();
}

QString SessionListModel::waitedText(qint64 seconds)
{
    if (seconds < 60)
        return tr("< 1 min");
    if (seconds < 3600)
        return tr("%n min", nullptr, int(seconds / 60));
    return tr("%1 h %2 min").arg(seconds / 3600).arg(seconds / 60 % 60);
}

QColor SessionListModel::waitColour(qint64 waitedSeconds) const
{
    if (waitedSeconds >= m_redSeconds)
        return QColor(0xdc, 0x26, 0x26); // red: readable on light and dark bases
    if (waitedSeconds >= m_amberSeconds)
        return QColor(0xd9, 0x77, 0x06); // amber
    return {};
}

QString SessionListModel::relativeTimeText(const QDateTime &at, const QDateTime &now)
{
    if (!at.isValid())
        return {};
    const qint64 seconds = at.secsTo(now);
    if (seconds < 60)
        return tr("now");
    if (seconds < 3600)
        return tr("%n min", nullptr, int(seconds / 60));
    const QDate day = at.toLocalTime().date();
    const QDate today = now.toLocalTime().date();
    if (day == today)
        return QLocale().toString(at.toLocalTime().time(), QLocale::ShortFormat);
    if (day == today.addDays(-1))
        return tr("Yesterday");
    if (day > today.addDays(-7))
        return QLocale().dayName(day.dayOfWeek(), QLocale::ShortFormat);
    return QLocale().toString(day, QLocale::ShortFormat);
}

void SessionListModel::refreshTimes()
{
    // One signal for the whole column: the view repaints what it shows, nothing moves.
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Time), index(rowCount() - 1, Time),
            { Qt::DisplayRole, Qt::ForegroundRole, Qt::ToolTipRole });
}

void SessionListModel::setCurrentAgent(const QString &username)
{
    if (m_agent == username)
        return;
    m_agent = username;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void SessionListModel::upsert(const SessionItem &session, bool withCounters)
{
    const auto found = m_rowById.constFind(session.id);
    if (found == m_rowById.constEnd()) {
        const int row = static_cast<int>(m_rows.size());
        beginInsertRows({}, row, row);
        m_rows.append(session);
        m_rowById.insert(session.id, row);
        endInsertRows();
        if (session.status == QLatin1String("WAITING"))
            Q_EMIT sessionStartedWaiting(
                session.id, session.customerLabel(), waitingReasonText(session.waitingReason));
    } else {
        SessionItem &known = m_rows[*found];
        // A snapshot older than what an event already brought must not undo it.
        if (known.updatedAt.isValid() && session.updatedAt.isValid()
            && session.updatedAt < known.updatedAt)
            return;
        const bool startsWaiting = known.status != QLatin1String("WAITING")
            && session.status == QLatin1String("WAITING");
        SessionItem merged = session;
        if (!withCounters || merged.lastMessage.seq < known.lastMessage.seq)
            merged.lastMessage = known.lastMessage;
        if (!withCounters)
            merged.unread = known.unread;
        merged.lastSeq = std::max(merged.lastSeq, known.lastSeq);
        if (known.lastMessageAt > merged.lastMessageAt)
            merged.lastMessageAt = known.lastMessageAt;
        merged.rateLimitedAt = known.rateLimitedAt;
        merged.customerTyping = known.customerTyping;
        merged.customerSeenSeq = std::max(merged.customerSeenSeq, known.customerSeenSeq);
        known = merged;
        rowChanged(*found);
        if (startsWaiting)
            Q_EMIT sessionStartedWaiting(
                session.id, session.customerLabel(), waitingReasonText(session.waitingReason));
    }
    const int waiting = waitingCount();
    if (waiting != m_waiting) {
        m_waiting = waiting;
        Q_EMIT waitingCountChanged(waiting);
    }
}

void SessionListModel::addMessage(const MessageItem &message, bool countUnread)
{
    const auto found = m_rowById.constFind(message.sessionId);
    if (found == m_rowById.constEnd())
        return;
    SessionItem &session = m_rows[*found];
    if (message.seq <= session.lastMessage.seq)
        return; // already counted (a replay after a reconnect)
    session.lastMessage = message;
    session.lastSeq = std::max(session.lastSeq, message.seq);
    session.lastMessageAt = message.createdAt;
    if (countUnread && message.role == QLatin1String("USER"))
        ++session.unread;
    rowChanged(*found);
}

void SessionListModel::addMention(const QString &sessionId)
{
    const auto found = m_rowById.constFind(sessionId);
    if (found == m_rowById.constEnd())
        return;
    ++m_rows[*found].unread;
    rowChanged(*found);
}

void SessionListModel::setUnread(const QString &sessionId, int unread)
{
    const auto found = m_rowById.constFind(sessionId);
    if (found == m_rowById.constEnd() || m_rows[*found].unread == unread)
        return;
    m_rows[*found].unread = unread;
    rowChanged(*found);
}

void SessionListModel::markRateLimited(const QString &sessionId, const QDateTime &at)
{
    const auto found = m_rowById.constFind(sessionId);
    if (found == m_rowById.constEnd())
        return;
    m_rows[*found].rateLimitedAt = at;
    rowChanged(*found);
}

void SessionListModel::setCustomerTyping(const QString &sessionId, bool typing)
{
    const auto found = m_rowById.constFind(sessionId);
    if (found == m_rowById.constEnd() || m_rows[*found].customerTyping == typing)
        return;
    m_rows[*found].customerTyping = typing;
    rowChanged(*found);
}

void SessionListModel::setCustomerSeen(const QString &sessionId, qint64 seq)
{
    const auto found = m_rowById.constFind(sessionId);
    if (found != m_rowById.constEnd())
        m_rows[*found].customerSeenSeq = std::max(m_rows[*found].customerSeenSeq, seq);
}

QString SessionListModel::customerTypingText()
{
    return tr("Customer is typing…");
}

void SessionListModel::setLabelColours(const QHash<QString, QColor> &colours)
{
    m_labelColours = colours;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QColor SessionListModel::labelColour(const QString &name) const
{
    return m_labelColours.value(name.toCaseFolded(), QColor(0x60, 0x7d, 0x8b));
}

const SessionItem *SessionListModel::find(const QString &sessionId) const
{
    const auto found = m_rowById.constFind(sessionId);
    return found == m_rowById.constEnd() ? nullptr : &m_rows[*found];
}

int SessionListModel::rowOf(const QString &sessionId) const
{
    return m_rowById.value(sessionId, -1);
}

int SessionListModel::waitingCount() const
{
    return static_cast<int>(std::count_if(m_rows.cbegin(), m_rows.cend(),
        [](const SessionItem &s) { return s.status == QLatin1String("WAITING"); }));
}

QString SessionListModel::longestWaiting() const
{
    const SessionItem *longest = nullptr;
    for (const SessionItem &s : m_rows) {
        if (s.status == QLatin1String("WAITING")
            && (!longest || s.waitingStartedAt() < longest->waitingStartedAt()))
            longest = &s;
    }
    return longest ? longest->id : QString();
}

int SessionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SessionListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SessionListModel::stateName(SessionState state, const QString &assignedAgent)
{
    switch (state) {
    case SessionState::Ai:
        return tr("AI");
    case SessionState::Waiting:
        return tr("Waiting");
    case SessionState::Mine:
        return tr("Yours");
    case SessionState::Others:
        return tr("%1's").arg(assignedAgent);
    case SessionState::Closed:
        return tr("Closed");
    }
    return {};
}

QString SessionListModel::waitingReasonText(const QString &waitingReason)
{
    if (waitingReason == QLatin1String("customer-asked"))
        return tr("asked for a human");
    if (waitingReason == QLatin1String("assistant-unavailable"))
        return tr("the AI could not answer");
    if (waitingReason == QLatin1String("assistant-limit"))
        return tr("the AI reached its limits for this customer");
    if (waitingReason == QLatin1String("unanswered"))
        return tr("the agent it was assigned to did not answer in time");
    if (waitingReason == QLatin1String("transferred"))
        return tr("an agent gave the conversation back to the queue");
    return {}; // waiting since before the server kept reasons
}

QString SessionListModel::unattendedText(const QString &unattended)
{
    if (unattended == QLatin1String("outside_hours"))
        return tr("Outside hours");
    if (unattended == QLatin1String("nobody_online"))
        return tr("Nobody online");
    return {};
}

QString SessionListModel::unattendedDetail(const QString &unattended, const QDateTime &since)
{
    const QString at = QLocale().toString(since.toLocalTime(), QLocale::ShortFormat);
    if (unattended == QLatin1String("outside_hours"))
        return tr("The customer asked for a human on %1, outside business hours: the AI goes on "
                  "helping until an agent takes over.")
            .arg(at);
    if (unattended == QLatin1String("nobody_online"))
        return tr("The customer asked for a human on %1, when no agent was online: the AI goes "
                  "on helping until an agent takes over.")
            .arg(at);
    return {};
}

QVariant SessionListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const SessionItem &s = m_rows.at(index.row());
    const SessionState state = s.stateFor(m_agent);
    const QDateTime waitingSince = s.waitingStartedAt();
    const qint64 waited = waitingSince.isValid()
        ? std::max<qint64>(0, waitingSince.secsTo(QDateTime::currentDateTimeUtc()))
        : -1;
    // Only while it waits: a conversation taken over is attended, whatever a late event says.
    const QString unattended
        = state == SessionState::Waiting ? unattendedText(s.unattended) : QString();
    switch (role) {
    case SessionIdRole:
        return s.id;
    case WaitingSinceRole:
        return waitingSince;
    case StateRole:
        return static_cast<int>(state);
    case LabelsRole:
        return s.labels;
    case UnattendedRole:
        return unattended;
    case MatchSnippetRole:
        return m_matches.value(s.id).snippet;
    case MatchHighlightsRole: {
        QVariantList highlights;
        for (const QPoint &highlight : m_matches.value(s.id).highlights)
            highlights.append(highlight);
        return highlights;
    }
    case LabelColoursRole: {
        QVariantList colours;
        for (const QString &label : s.labels)
            colours.append(labelColour(label));
        return colours;
    }
    case SearchTextRole:
        return QString(s.customerLabel() + QLatin1Char(' ') + s.email + QLatin1Char(' ')
            + unattended + QLatin1Char(' ') + s.lastMessage.content);
    case Qt::DisplayRole:
        switch (index.column()) {
        case Customer:
            return s.customerLabel();
        case Status:
            return stateName(state, s.assignedAgent);
        case LastMessage:
            return s.customerTyping ? customerTypingText() : preview(s.lastMessage);
        case Time:
            if (waited >= 0)
                return waitedText(waited);
            return relativeTimeText(s.activityAt(), QDateTime::currentDateTimeUtc());
        case Unread:
            return s.unread > 0 ? QVariant(s.unread) : QVariant();
        }
        break;
    case SortRole:
        switch (index.column()) {
        case Customer:
            return s.customerLabel().toLower();
        case Status:
            return static_cast<int>(state);
        case LastMessage:
            return preview(s.lastMessage).toLower();
        case Time:
            return s.activityAt(); // (the filter keeps waiting rows first, oldest first)
        case Unread:
            return s.unread;
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == Customer && s.rateLimitedAt.isValid())
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        break;
    case Qt::ToolTipRole:
        if (index.column() == Customer && s.rateLimitedAt.isValid())
            return tr("Rate-limited at %1")
                .arg(QLocale().toString(s.rateLimitedAt.toLocalTime(), QLocale::ShortFormat));
        if (index.column() == Status && !unattended.isEmpty())
            return unattendedDetail(s.unattended, waitingSince);
        if (index.column() == Time && waited >= 0)
            return tr("Waiting since %1")
                .arg(QLocale().toString(waitingSince.toLocalTime(), QLocale::ShortFormat));
        if (index.column() == Time && s.activityAt().isValid())
            return QLocale().toString(s.activityAt().toLocalTime(), QLocale::LongFormat);
        break;
    case Qt::AccessibleTextRole:
        // The whole row in words, since a screen reader meets only its first column.
        if (index.column() == Customer) {
            QStringList parts { s.customerLabel(), stateName(state, s.assignedAgent) };
            if (waited >= 0)
                parts << tr("waiting for %1").arg(waitedText(waited));
            if (!unattended.isEmpty())
                parts << unattended;
            if (s.unread > 0)
                parts << tr("%n unread", nullptr, s.unread);
            if (s.rateLimitedAt.isValid())
                parts << tr("rate-limited");
            if (s.lastMessage.seq > 0)
                parts << preview(s.lastMessage);
            return parts.join(QStringLiteral(", "));
        }
        break;
    case Qt::FontRole:
        if (s.unread > 0 || state == SessionState::Waiting) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == Time && waited >= 0) {
            if (const QColor colour = waitColour(waited); colour.isValid())
                return colour;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Unread)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant SessionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Customer:
        return tr("Customer");
    case Status:
        return tr("Status");
    case LastMessage:
        return tr("Last message");
    case Time:
        return tr("Time");
    case Unread:
        return tr("Unread");
    default:
        return {};
    }
}

void SessionListModel::rowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void SessionListModel::setMatches(const QHash<QString, Match> &matches)
{
    if (matches.isEmpty() && m_matches.isEmpty())
        return;
    m_matches = matches;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
            { MatchSnippetRole, MatchHighlightsRole });
}

SessionListModel::Match SessionListModel::matchFromJson(const QJsonObject &json)
{
    Match match;
    match.messageId = json.value(QStringLiteral("messageId")).toString();
    match.seq = json.value(QStringLiteral("seq")).toInteger();
    match.snippet = json.value(QStringLiteral("snippet")).toString();
    const auto length = match.snippet.size();
    for (const QJsonValue &value : json.value(QStringLiteral("highlights")).toArray()) {
        const QJsonObject highlight = value.toObject();
        const qint64 start = highlight.value(QStringLiteral("start")).toInteger(-1);
        const qint64 size = highlight.value(QStringLiteral("length")).toInteger(0);
        // Only what lies inside the snippet: a server's mistake never reads past it.
        if (start >= 0 && size > 0 && start + size <= length)
            match.highlights.append(QPoint(int(start), int(size)));
    }
    return match;
}

} // namespace frontline::ui
