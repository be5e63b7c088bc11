// SPDX-License-Identifier: GPL-3.0-or-later
#include "outboxmodel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include <algorithm>

namespace frontline::ui {

OutboxModel::OutboxModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void OutboxModel::absorb(const QList<MailItem> &mails)
{
    for (const MailItem &mail : mails) {
        if (mail.id <= 0)
            continue;
        const int row = rowOf(mail.id);
        if (row >= 0) {
            m_mails[row] = mail;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            continue;
        }
        const auto at = std::find_if(m_mails.cbegin(), m_mails.cend(),
            [&mail](const MailItem &known) { return known.id < mail.id; });
        const int inserted = static_cast<int>(at - m_mails.cbegin());
        beginInsertRows({}, inserted, inserted);
        m_mails.insert(inserted, mail);
        endInsertRows();
    }
    const int failed = failedCount();
    if (failed != m_failed) {
        m_failed = failed;
        Q_EMIT failedCountChanged(failed);
    }
}

void OutboxModel::clear()
{
    beginResetModel();
    m_mails.clear();
    endResetModel();
    if (m_failed != 0) {
        m_failed = 0;
        Q_EMIT failedCountChanged(0);
    }
}

int OutboxModel::rowOf(qint64 id) const
{
    for (int row = 0; row < m_mails.size(); ++row) {
        if (m_mails.at(row).id == id)
            return row;
    }
    return -1;
}

int OutboxModel::failedCount() const
{
    return static_cast<int>(std::count_if(m_mails.cbegin(), m_mails.cend(),
        [](const MailItem &mail) { return mail.state == QLatin1String("failed"); }));
}

QString OutboxModel::stateText(const QString &state)
{
    if (state == QLatin1String("queued"))
        return tr("Queued");
    if (state == QLatin1String("sending"))
        return tr("Sending");
    if (state == QLatin1String("sent"))
        return tr("Sent");
    if (state == QLatin1String("failed"))
        return tr("Failed");
    return state;
}

QString OutboxModel::kindText(const QString &kind)
{
    if (kind == QLatin1String("reply"))
        return tr("Reply");
    if (kind == QLatin1String("transcript"))
        return tr("Transcript");
    if (kind == QLatin1String("copy"))
        return tr("Operator copy");
    return kind;
}

int OutboxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_mails.size());
}

int OutboxModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OutboxModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MailItem &mail = m_mails.at(index.row());
    const auto time = [](const QDateTime &at) {
        return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat)
                            : QString();
    };
    switch (role) {
    case MailIdRole:
        return mail.id;
    case MailStateRole:
        return mail.state;
    case SessionIdRole:
        return mail.sessionId;
    case Qt::DisplayRole:
        switch (index.column()) {
        case State:
            return stateText(mail.state);
        case Kind:
            return kindText(mail.kind);
        case To:
            return mail.toName.isEmpty() ? mail.to
                                         : QStringLiteral("%1 <%2>").arg(mail.toName, mail.to);
        case Subject:
            return mail.subject;
        case Attempts:
            return mail.attempts;
        case LastError:
            return mail.lastError;
        case Created:
            return time(mail.createdAt);
        case Sent:
            return time(mail.sentAt);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == LastError && !mail.lastError.isEmpty())
            return mail.lastError;
        if (index.column() == State && mail.state == QLatin1String("queued")
            && mail.nextAttemptAt.isValid() && mail.attempts > 0)
            return tr("Next attempt at %1").arg(time(mail.nextAttemptAt));
        break;
    case Qt::ForegroundRole:
        if (index.column() == State && mail.state == QLatin1String("failed"))
            return QBrush(QColor(0xdc, 0x26, 0x26)); // red: readable on light and dark bases
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Attempts)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant OutboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case State:
        return tr("State");
    case Kind:
        return tr("Kind");
    case To:
        return tr("To");
    case Subject:
        return tr("Subject");
    case Attempts:
        return tr("Attempts");
    case LastError:
        return tr("Last error");
    case Created:
        return tr("Created");
    case Sent:
        return tr("Sent");
    default:
        return {};
    }
}

} // namespace frontline::ui
