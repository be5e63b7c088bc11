// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/attachmentcache.h"
#include "consoleitems.h"

#include <QAbstractListModel>
#include <QDate>
#include <QHash>
#include <QPointer>

namespace frontline::ui {

class Conversation;

// The open conversation as a chat transcript: one row per message, and a day separator row
// before the first message of each (local) day. Consecutive messages of one author a few
// minutes apart form a group, so the view names the author once and keeps them close.
// DisplayRole is the message's content exactly as written: the view draws it as plain text.
class TranscriptModel final : public QAbstractListModel
{
    Q_OBJECT
public:
    enum class RowKind { Message, DaySeparator };
    enum Role {
        KindRole = Qt::UserRole + 1, // RowKind, as int
        MessageRoleRole, // USER, ASSISTANT, AGENT, SYSTEM, NOTE
        AuthorRole, // "Customer", "Agent Ana"…
        TimeRole, // the short local time, as shown
        DateTimeRole, // QDateTime (a separator: the start of its day)
        SanitizedRole,
        GroupFirstRole, // the first message of its group: the author is named above it
        GroupLastRole, // the last of its group: its time is shown below it
        SeqRole,
        // The agent's message the customer has seen last (up to the session's
        // customerSeenSeq): "Seen" is shown under it.
        SeenRole,
        // The message's attachments, as QList<AttachmentItem>. Qt::DecorationRole is the
        // thumbnail of its first image once fetched (a null QPixmap until then).
        AttachmentsRole,
        // An agent's reply that a reply e-mail covers: that mail's state ("sent", "queued",
        // "sending", "failed"; "" for none), and MailTextRole what is shown under the bubble
        // ("Sent by e-mail"…; its tooltip, with the last error, is in Qt::ToolTipRole).
        MailStateRole,
        MailTextRole,
        // An assistant's answer's sources, as QList<KnowledgeSource>.
        SourcesRole,
        // The translation the agent asked for (setTranslation), "" for none.
        TranslationRole,
    };
    // Past this gap between two messages of one author, the second starts a new group.
    static constexpr qint64 GroupGapSeconds = 5 * 60;

    explicit TranscriptModel(QObject *parent = nullptr);

    void setConversation(Conversation *conversation);
    // Where thumbnails come from; the rows of an attachment change when its thumbnail does.
    void setAttachmentCache(AttachmentCache *cache);
    AttachmentCache *attachmentCache() const { return m_cache; }
    // The day "Today" names; a null date (the default) is the current date, asked each time.
    void setToday(const QDate &today);
    // What is shown under the message of `seq`: its translation, or why there is none.
    void setTranslation(qint64 seq, const QString &text);
    // "Source: title" under an answer taken from the knowledge base.
    static QString sourceLabel(const KnowledgeSource &source);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // The row as plain text: a separator's label, or "Author · time[ · sanitized]" and the
    // message on the next line.
    QString plainText(int row) const;
    QString dayLabel(const QDate &day) const;

    static QString authorLabel(const MessageItem &message);
    static QString sanitizedLabel();
    static QString seenLabel();
    static QString attachmentLabel(const AttachmentItem &attachment); // "📎 name (size)"
    // "Sent by e-mail", "E-mail queued", "E-mail failed: …" for a reply mail's state, and the
    // sentence that says more (the error it is retrying after, when it sent).
    static QString mailLabel(const MailItem &mail);
    static QString mailDetail(const MailItem &mail);
    static bool isEvent(const QString &role); // SYSTEM: centred, small, no bubble
    // An agents' internal note: a bubble of its own colour on the agents' side, never grouped
    // with replies (a group is one role's).
    static bool isNote(const QString &role);

private:
    struct Row
    {
        RowKind kind = RowKind::Message;
        int message = -1; // into m_messages
        QDate day; // the local day of the message, or of the separator
        bool groupFirst = true;
        bool groupLast = true;
    };

    void reload();
    void appendMessage(const MessageItem &message);
    // Finds the message "Seen" goes under again, and tells the view of the rows that changed.
    void updateSeen();
    int rowOfMessage(int message) const;
    void addRows(const MessageItem &message, QList<Row> &rows) const;
    bool continuesGroup(const Row &previous, const MessageItem &message, const QDate &day) const;

    void thumbnailChanged(const QString &attachmentId);
    void mailsChanged(); // the rows of agents' replies take their mails' states again
    const MailItem *mailOf(const MessageItem &message) const;

    QPointer<Conversation> m_conversation;
    QPointer<AttachmentCache> m_cache;
    QList<MessageItem> m_messages;
    QHash<qint64, QString> m_translations; // by seq
    QString m_translationsOf; // the session they are of
    QList<Row> m_rows;
    QDate m_today;
    int m_seenMessage = -1; // into m_messages: the last agent's message the customer has seen
};

} // namespace frontline::ui
