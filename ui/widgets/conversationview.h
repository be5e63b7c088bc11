// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/consoleitems.h"

#include <QListView>
#include <QPointer>

class QToolButton;
class QTimer;

class QMenu;

namespace frontline::ui {

class AttachmentCache;
class Conversation;
class TranscriptDelegate;
class TranscriptModel;

// The open conversation as a chat: the customer's bubbles on one side, the assistant's and
// the agents' on the other, events centred, day separators, the author named once per group.
// Text is only ever drawn as plain text (TranscriptDelegate): nothing a customer writes is
// read as rich text or HTML. Selected messages copy as text (Ctrl+C, the context menu).
//
// At the bottom, it follows new messages; scrolled up, it stays where the agent reads and a
// "new messages" button over its bottom says that more came, and takes them there.
//
// Attachments: a double-click (or Enter on the current message) opens one, its context menu
// also saves it; files dropped on the view are offered as attachments (filesDropped).
class ConversationView final : public QListView
{
    Q_OBJECT
public:
    explicit ConversationView(QWidget *parent = nullptr);

    void setConversation(Conversation *conversation);
    void setAttachmentCache(AttachmentCache *cache);
    // Where the index's i-th attachment is drawn, in the viewport (null when it has none).
    QRect attachmentRect(const QModelIndex &index, int i) const;
    // The attachment under a point of the viewport: its row in `index`; false when none.
    bool attachmentAt(const QPoint &point, QModelIndex *index, AttachmentItem *attachment) const;
    // The web address of the source under a point of the viewport (an answer's "Source:"
    // line); invalid when there is none there, or the source has no http(s) address.
    QUrl sourceAt(const QPoint &point) const;
    // Where the index's i-th source line is drawn, in the viewport.
    QRect sourceRect(const QModelIndex &index, int i) const;
    // The context menu of the message at `index` (Copy, its sources, Translate for a
    // customer's message), as right-clicking it shows.
    QMenu *messageMenu(const QModelIndex &index);
    static QString roleLabel(const MessageItem &message);

    QString toPlainText() const; // the transcript: author, time and text of each message
    QString selectedText() const; // one message: its text; several: as in toPlainText
    TranscriptModel *transcript() const { return m_model; }
    TranscriptDelegate *transcriptDelegate() const { return m_delegate; }
    QToolButton *newMessagesButton() const { return m_newMessages; }
    bool isFollowing() const { return m_following; } // at the bottom, new messages shown
    void scrollToLatest();
    // What the view says while it has no message to show ("" for nothing): why it failed.
    void setPlaceholderText(const QString &text);
    QString placeholderText() const { return m_placeholder; }

Q_SIGNALS:
    void attachmentActivated(const frontline::ui::AttachmentItem &attachment); // to open it
    void saveAttachmentRequested(const frontline::ui::AttachmentItem &attachment);
    void filesDropped(const QStringList &paths);
    void sourceActivated(const QUrl &url); // an http(s) address, to open in the browser
    void translateRequested(qint64 seq); // a customer's message, into the agent's language

protected:
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void updateGeometries() override;
    void paintEvent(QPaintEvent *event) override;

private:
    void conversationReset();
    void messageAppended();
    void scrolled(int value);
    void updateLayoutWidth();
    void placeNewMessagesButton();
    void copySelection();
    void armMidnightTimer();
    QStyleOptionViewItem optionFor(const QModelIndex &index) const;

    QPointer<Conversation> m_conversation;
    TranscriptModel *m_model;
    TranscriptDelegate *m_delegate;
    QToolButton *m_newMessages;
    QAction *m_copy;
    QTimer *m_midnight;
    bool m_following = true;
    bool m_updatingGeometries = false;
    int m_unseen = 0;
    QString m_placeholder;
};

} // namespace frontline::ui
