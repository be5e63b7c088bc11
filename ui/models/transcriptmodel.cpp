// SPDX-License-Identifier: GPL-3.0-or-later
#include "transcriptmodel.h"

#include "client/attachmentcache.h"
#include "conversation.h"

#include <QLocale>
#include <QPixmap>

namespace frontline::ui {

TranscriptModel::TranscriptModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void TranscriptModel::setConversation(Conversation *conversation)
{
    if (m_conversation)
        disconnect(m_conversation, nullptr, this, nullptr);
    m_conversation = conversation;
    if (conversation) {
        connect(conversation, &Conversation::reset, this, &TranscriptModel::reload);
        connect(conversation, &Conversation::appended, this, &TranscriptModel::appendMessage);
        connect(
            conversation, &Conversation::customerSeenChanged, this, &TranscriptModel::updateSeen);
        connect(conversation, &Conversation::mailsChanged, this, &TranscriptModel::mailsChanged);
    }
    reload();
}

void TranscriptModel::setAttachmentCache(AttachmentCache *cache)
{
    if (m_cache)
        disconnect(m_cache, nullptr, this, nullptr);
    m_cache = cache;
    if (cache)
        connect(
            cache, &AttachmentCache::thumbnailChanged, this, &TranscriptModel::thumbnailChanged);
}

void TranscriptModel::thumbnailChanged(const QString &attachmentId)
{
    // A failed thumbnail changes the row's size (the image becomes a file's row): the view
    // lays its rows out again on a change of the attachments only.
    const AttachmentCache::State state
        = m_cache ? m_cache->state(attachmentId) : AttachmentCache::State::Missing;
    const bool resized
        = state == AttachmentCache::State::Failed || state == AttachmentCache::State::Missing;
    const QList<int> roles = resized ? QList<int> { Qt::DecorationRole, AttachmentsRole }
                                     : QList<int> { Qt::DecorationRole };
    for (int row = 0; row < m_rows.size(); ++row) {
        const Row &r = m_rows.at(row);
        if (r.kind != RowKind::Message)
            continue;
        for (const AttachmentItem &attachment : m_messages.at(r.message).attachments) {
            if (attachment.id == attachmentId) {
                Q_EMIT dataChanged(index(row), index(row), roles);
                break;
            }
        }
    }
}

const MailItem *TranscriptModel::mailOf(const MessageItem &message) const
{
    if (!m_conversation || message.role != QLatin1String("AGENT"))
        return nullptr;
    return m_conversation->replyMailFor(message.seq);
}

void TranscriptModel::mailsChanged()
{
    // A mark may appear under any reply (the meta line grows the row): all replies change.
    for (int row = 0; row < m_rows.size(); ++row) {
        const Row &r = m_rows.at(row);
        if (r.kind == RowKind::Message && m_messages.at(r.message).role == QLatin1String("AGENT"))
            Q_EMIT dataChanged(index(row), index(row),
                { MailStateRole, MailTextRole, Qt::ToolTipRole, Qt::AccessibleTextRole });
    }
}

QString TranscriptModel::mailLabel(const MailItem &mail)
{
    if (mail.state == QLatin1String("sent"))
        return tr("Sent by e-mail");
    if (mail.state == QLatin1String("failed"))
        return mail.lastError.isEmpty() ? tr("E-mail failed")
                                        : tr("E-mail failed: %1").arg(mail.lastError);
    return tr("E-mail queued");
}

QString TranscriptModel::mailDetail(const MailItem &mail)
{
    const QString to
        = mail.toName.isEmpty() ? mail.to : QStringLiteral("%1 <%2>").arg(mail.toName, mail.to);
    if (mail.state == QLatin1String("sent"))
        return tr("E-mailed to %1 at %2")
            .arg(to, QLocale().toString(mail.sentAt.toLocalTime(), QLocale::ShortFormat));
    if (mail.state == QLatin1String("failed"))
        return tr("The e-mail to %1 failed: %2").arg(to, mail.lastError);
    if (!mail.lastError.isEmpty())
        return tr("The e-mail to %1 is queued, retrying: %2").arg(to, mail.lastError);
    return tr("The e-mail to %1 is queued.").arg(to);
}

void TranscriptModel::setTranslation(qint64 seq, const QString &text)
{
    m_translations.insert(seq, text);
    for (int row = 0; row < m_rows.size(); ++row) {
        const Row &r = m_rows.at(row);
        if (r.kind == RowKind::Message && m_messages.at(r.message).seq == seq)
            Q_EMIT dataChanged(index(row), index(row), { TranslationRole });
    }
}

QString TranscriptModel::sourceLabel(const KnowledgeSource &source)
{
    //: Under an assistant's answer: the knowledge base's article it was taken from
    return tr("Source: %1").arg(source.title);
}

void TranscriptModel::setToday(const QDate &today)
{
    m_today = today;
    bool any = false;
    for (const Row &row : std::as_const(m_rows))
        any = any || row.kind == RowKind::DaySeparator;
    if (any) // only labels change, not sizes
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), { Qt::DisplayRole });
}

int TranscriptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    if (row.kind == RowKind::DaySeparator) {
        switch (role) {
        case Qt::DisplayRole:
        case Qt::AccessibleTextRole:
            return dayLabel(row.day);
        case Qt::ToolTipRole:
            return QLocale().toString(row.day, QLocale::LongFormat);
        case KindRole:
            return static_cast<int>(RowKind::DaySeparator);
        case DateTimeRole:
            return row.day.startOfDay();
        default:
            return {};
        }
    }
    const MessageItem &message = m_messages.at(row.message);
    const QDateTime local = message.createdAt.toLocalTime();
    switch (role) {
    case Qt::DisplayRole:
        return message.content; // as written, never reformatted
    case Qt::ToolTipRole:
        if (const MailItem *mail = mailOf(message))
            return QString(QLocale().toString(local, QLocale::LongFormat) + QLatin1Char('\n')
                + mailDetail(*mail));
        return QLocale().toString(local, QLocale::LongFormat);
    case Qt::AccessibleTextRole:
        return plainText(index.row());
    case MailStateRole: {
        const MailItem *mail = mailOf(message);
        return mail ? mail->state : QString();
    }
    case MailTextRole: {
        const MailItem *mail = mailOf(message);
        return mail ? mailLabel(*mail) : QString();
    }
    case KindRole:
        return static_cast<int>(RowKind::Message);
    case MessageRoleRole:
        return message.role;
    case AuthorRole:
        return authorLabel(message);
    case TimeRole:
        return QLocale().toString(local.time(), QLocale::ShortFormat);
    case DateTimeRole:
        return message.createdAt;
    case SanitizedRole:
        return message.sanitized;
    case GroupFirstRole:
        return row.groupFirst;
    case GroupLastRole:
        return row.groupLast;
    case SeqRole:
        return message.seq;
    case SeenRole:
        return row.message == m_seenMessage;
    case AttachmentsRole:
        return QVariant::fromValue(message.attachments);
    case SourcesRole:
        return QVariant::fromValue(message.sources);
    case TranslationRole:
        return m_translations.value(message.seq);
    case Qt::DecorationRole:
        for (const AttachmentItem &attachment : message.attachments) {
            if (attachment.isImage())
                return m_cache ? m_cache->thumbnail(attachment) : QPixmap();
        }
        return {};
    default:
        return {};
    }
}

Qt::ItemFlags TranscriptModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    // A separator is not something to copy; messages are, never edited.
    if (m_rows.at(index.row()).kind == RowKind::DaySeparator)
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QString TranscriptModel::plainText(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    const Row &r = m_rows.at(row);
    if (r.kind == RowKind::DaySeparator)
        return dayLabel(r.day);
    const MessageItem &message = m_messages.at(r.message);
    QString meta = authorLabel(message) + QStringLiteral(" · ")
        + QLocale().toString(message.createdAt.toLocalTime().time(), QLocale::ShortFormat);
    if (message.sanitized)
        meta += QStringLiteral(" · ") + sanitizedLabel();
    if (r.message == m_seenMessage)
        meta += QStringLiteral(" · ") + seenLabel();
    if (const MailItem *mail = mailOf(message))
        meta += QStringLiteral(" · ") + mailLabel(*mail);
    QString text = message.content;
    for (const AttachmentItem &attachment : message.attachments)
        text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + attachmentLabel(attachment);
    return meta + QLatin1Char('\n') + text;
}

QString TranscriptModel::attachmentLabel(const AttachmentItem &attachment)
{
    return QStringLiteral("📎 ") + attachment.describe();
}

QString TranscriptModel::dayLabel(const QDate &day) const
{
    const QDate today = m_today.isValid() ? m_today : QDate::currentDate();
    if (day == today)
        return tr("Today");
    if (day == today.addDays(-1))
        return tr("Yesterday");
    return QLocale().toString(day, QLocale::LongFormat);
}

QString TranscriptModel::authorLabel(const MessageItem &message)
{
    if (message.role == QLatin1String("USER"))
        return tr("Customer");
    if (message.role == QLatin1String("ASSISTANT"))
        return tr("AI assistant");
    if (message.role == QLatin1String("AGENT"))
        return message.agentName.isEmpty() ? tr("Agent") : tr("Agent %1").arg(message.agentName);
    if (isNote(message.role))
        return message.agentName.isEmpty() ? tr("Note") : tr("Note · %1").arg(message.agentName);
    return tr("System");
}

QString TranscriptModel::sanitizedLabel()
{
    return tr("sanitized");
}

QString TranscriptModel::seenLabel()
{
    return tr("Seen");
}

bool TranscriptModel::isEvent(const QString &role)
{
    return role != QLatin1String("USER") && role != QLatin1String("ASSISTANT")
        && role != QLatin1String("AGENT") && !isNote(role);
}

bool TranscriptModel::isNote(const QString &role)
{
    return role == QLatin1String("NOTE");
}

void TranscriptModel::reload()
{
    beginResetModel();
    m_messages = m_conversation ? m_conversation->messages() : QList<MessageItem>();
    const QString sessionId = m_conversation ? m_conversation->sessionId() : QString();
    if (sessionId != m_translationsOf) { // another conversation: none of its translations
        m_translations.clear();
        m_translationsOf = sessionId;
    }
    m_rows.clear();
    m_rows.reserve(m_messages.size() + m_messages.size() / 16 + 1);
    for (int i = 0; i < m_messages.size(); ++i) {
        addRows(m_messages.at(i), m_rows);
        m_rows.last().message = i;
    }
    m_seenMessage = -1;
    endResetModel();
    updateSeen();
}

void TranscriptModel::updateSeen()
{
    const qint64 seen = m_conversation ? m_conversation->customerSeenSeq() : 0;
    int found = -1;
    for (int i = static_cast<int>(m_messages.size()) - 1; i >= 0 && found < 0; --i) {
        const MessageItem &message = m_messages.at(i);
        if (message.seq <= seen && message.role == QLatin1String("AGENT"))
            found = i;
    }
    if (found == m_seenMessage)
        return;
    const int before = rowOfMessage(m_seenMessage);
    m_seenMessage = found;
    for (const int row : { before, rowOfMessage(found) }) {
        if (row >= 0)
            Q_EMIT dataChanged(index(row), index(row), { SeenRole, Qt::AccessibleTextRole });
    }
}

int TranscriptModel::rowOfMessage(int message) const
{
    if (message < 0)
        return -1;
    for (int row = static_cast<int>(m_rows.size()) - 1; row >= 0; --row) {
        if (m_rows.at(row).kind == RowKind::Message && m_rows.at(row).message == message)
            return row;
    }
    return -1;
}

void TranscriptModel::appendMessage(const MessageItem &message)
{
    QList<Row> rows = m_rows.isEmpty() ? QList<Row>() : QList<Row> { m_rows.last() };
    addRows(message, rows);
    rows.last().message = static_cast<int>(m_messages.size());
    const int first = static_cast<int>(m_rows.size());
    if (!m_rows.isEmpty() && m_rows.last().groupLast != rows.first().groupLast) {
        // The previous message is no longer the last of its group: its time moves down.
        m_rows.last() = rows.first();
        Q_EMIT dataChanged(index(first - 1), index(first - 1), { GroupLastRole });
    }
    if (!m_rows.isEmpty())
        rows.removeFirst();
    beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
    m_messages.append(message);
    m_rows.append(rows);
    endInsertRows();
    // An agent's message already seen (the seen event came before the message, from another
    // node) takes "Seen" now.
    updateSeen();
}

// Appends the rows of one more message (its separator first when it opens a day), and
// updates the last row already there when the message joins its group.
void TranscriptModel::addRows(const MessageItem &message, QList<Row> &rows) const
{
    const QDate day = message.createdAt.toLocalTime().date();
    Row *previous = rows.isEmpty() ? nullptr : &rows.last();
    if (!previous || previous->day != day) {
        rows.append(Row { RowKind::DaySeparator, -1, day, true, true });
        previous = nullptr;
    }
    Row row { RowKind::Message, -1, day, true, true };
    if (previous && continuesGroup(*previous, message, day)) {
        previous->groupLast = false;
        row.groupFirst = false;
    }
    rows.append(row);
}

bool TranscriptModel::continuesGroup(
    const Row &previous, const MessageItem &message, const QDate &day) const
{
    if (previous.kind != RowKind::Message || previous.day != day || isEvent(message.role))
        return false;
    const MessageItem &before = m_messages.at(previous.message);
    if (before.role != message.role || before.agentName != message.agentName)
        return false;
    const qint64 gap = before.createdAt.secsTo(message.createdAt);
    return gap >= 0 && gap <= GroupGapSeconds;
}

} // namespace frontline::ui
