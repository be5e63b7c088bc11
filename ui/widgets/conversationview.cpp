// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationview.h"

#include "client/attachmentcache.h"
#include "composer.h"
#include "models/conversation.h"
#include "models/transcriptmodel.h"
#include "transcriptdelegate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDragEnterEvent>
#include <QEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>
#include <QUrl>

#include <algorithm>

namespace frontline::ui {

namespace {

// Within this many pixels of the end counts as at the bottom (rounding, a stray wheel tick).
constexpr int BottomSlack = 4;

} // namespace

ConversationView::ConversationView(QWidget *parent)
    : QListView(parent)
    , m_model(new TranscriptModel(this))
    , m_delegate(new TranscriptDelegate(this))
    , m_newMessages(new QToolButton(this))
    , m_copy(new QAction(tr("Copy"), this))
    , m_midnight(new QTimer(this))
{
    setAccessibleName(tr("Conversation"));
    m_delegate->watch(m_model);
    setItemDelegate(m_delegate);
    setModel(m_model);
    // Rows of their own heights, scrolled by the pixel; laid out in one pass, as a layout in
    // batches would shrink the scroll range on the way and lose the agent's place.
    setUniformItemSizes(false);
    setVerticalScrollMode(ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setResizeMode(Adjust);
    setLayoutMode(SinglePass);
    setSelectionMode(ExtendedSelection);
    setEditTriggers(NoEditTriggers);
    setFrameShape(QFrame::StyledPanel);
    setAcceptDrops(true);
    viewport()->setAcceptDrops(true);
    setMouseTracking(true); // a hand over a source's link

    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetShortcut);
    m_copy->setEnabled(false);
    addAction(m_copy);
    setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_copy, &QAction::triggered, this, &ConversationView::copySelection);
    connect(selectionModel(), &QItemSelectionModel::selectionChanged, this,
        [this] { m_copy->setEnabled(selectionModel()->hasSelection()); });

    m_newMessages->setObjectName(QStringLiteral("newMessages"));
    m_newMessages->setCursor(Qt::PointingHandCursor);
    m_newMessages->setFocusPolicy(Qt::NoFocus); // the keyboard stays in the conversation
    m_newMessages->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_newMessages->setStyleSheet(QStringLiteral(
        "QToolButton { background: palette(highlight); color: palette(highlighted-text);"
        " border: none; border-radius: 12px; padding: 4px 14px; font-weight: 600; }"));
    m_newMessages->hide();
    connect(m_newMessages, &QToolButton::clicked, this, &ConversationView::scrollToLatest);

    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &ConversationView::scrolled);

    // "Today" becomes "Yesterday" at midnight.
    m_midnight->setSingleShot(true);
    connect(m_midnight, &QTimer::timeout, this, [this] {
        viewport()->update();
        armMidnightTimer();
    });
    armMidnightTimer();
}

void ConversationView::setConversation(Conversation *conversation)
{
    if (m_conversation)
        disconnect(m_conversation, nullptr, this, nullptr);
    m_conversation = conversation;
    m_model->setConversation(conversation); // first: the model has the row when we hear of it
    if (conversation) {
        connect(conversation, &Conversation::reset, this, &ConversationView::conversationReset);
        connect(conversation, &Conversation::appended, this, &ConversationView::messageAppended);
    }
    conversationReset();
}

void ConversationView::setAttachmentCache(AttachmentCache *cache)
{
    m_model->setAttachmentCache(cache);
    m_delegate->setAttachmentCache(cache);
}

QStyleOptionViewItem ConversationView::optionFor(const QModelIndex &index) const
{
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.rect = visualRect(index);
    return option;
}

QRect ConversationView::attachmentRect(const QModelIndex &index, int i) const
{
    if (!index.isValid())
        return {};
    return m_delegate->attachmentRects(optionFor(index), index).value(i);
}

bool ConversationView::attachmentAt(
    const QPoint &point, QModelIndex *index, AttachmentItem *attachment) const
{
    const QModelIndex at = indexAt(point);
    if (!at.isValid())
        return false;
    const QList<QRect> rects = m_delegate->attachmentRects(optionFor(at), at);
    const QList<AttachmentItem> attachments
        = at.data(TranscriptModel::AttachmentsRole).value<QList<AttachmentItem>>();
    for (int i = 0; i < rects.size() && i < attachments.size(); ++i) {
        if (rects.at(i).contains(point)) {
            if (index)
                *index = at;
            if (attachment)
                *attachment = attachments.at(i);
            return true;
        }
    }
    return false;
}

namespace {

QUrl webAddress(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return {};
    return url;
}

} // namespace

QRect ConversationView::sourceRect(const QModelIndex &index, int i) const
{
    if (!index.isValid())
        return {};
    return m_delegate->sourceRects(optionFor(index), index).value(i);
}

QUrl ConversationView::sourceAt(const QPoint &point) const
{
    const QModelIndex at = indexAt(point);
    if (!at.isValid())
        return {};
    const QList<QRect> rects = m_delegate->sourceRects(optionFor(at), at);
    const QList<KnowledgeSource> sources
        = at.data(TranscriptModel::SourcesRole).value<QList<KnowledgeSource>>();
    for (int i = 0; i < rects.size() && i < sources.size(); ++i) {
        if (rects.at(i).contains(point))
            return webAddress(sources.at(i).url);
    }
    return {};
}

QMenu *ConversationView::messageMenu(const QModelIndex &index)
{
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("messageMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(m_copy);
    if (!index.isValid())
        return menu;
    const QList<KnowledgeSource> sources
        = index.data(TranscriptModel::SourcesRole).value<QList<KnowledgeSource>>();
    bool separated = false;
    for (const KnowledgeSource &source : sources) {
        const QUrl url = webAddress(source.url);
        if (!url.isValid())
            continue;
        if (!separated)
            menu->addSeparator();
        separated = true;
        //: In a message's context menu: opens the knowledge base article in the browser
        QAction *open = menu->addAction(tr("Open “%1”").arg(source.title));
        open->setObjectName(QStringLiteral("openSource"));
        connect(open, &QAction::triggered, this, [this, url] { Q_EMIT sourceActivated(url); });
    }
    if (index.data(TranscriptModel::MessageRoleRole).toString() == QLatin1String("USER")
        && !index.data().toString().isEmpty()) {
        menu->addSeparator();
        QAction *translate = menu->addAction(tr("Translate"));
        translate->setObjectName(QStringLiteral("translateMessage"));
        const qint64 seq = index.data(TranscriptModel::SeqRole).toLongLong();
        connect(
            translate, &QAction::triggered, this, [this, seq] { Q_EMIT translateRequested(seq); });
    }
    return menu;
}

void ConversationView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const QUrl url = sourceAt(event->position().toPoint());
        if (url.isValid()) {
            event->accept();
            Q_EMIT sourceActivated(url);
            return;
        }
    }
    QListView::mouseReleaseEvent(event);
}

void ConversationView::mouseMoveEvent(QMouseEvent *event)
{
    // A source's link shows a hand, as a link on a page would.
    viewport()->setCursor(
        sourceAt(event->position().toPoint()).isValid() ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QListView::mouseMoveEvent(event);
}

void ConversationView::mouseDoubleClickEvent(QMouseEvent *event)
{
    AttachmentItem attachment;
    if (event->button() == Qt::LeftButton
        && attachmentAt(event->position().toPoint(), nullptr, &attachment)) {
        event->accept();
        Q_EMIT attachmentActivated(attachment);
        return;
    }
    QListView::mouseDoubleClickEvent(event);
}

void ConversationView::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && event->modifiers() == Qt::NoModifier) {
        const QList<AttachmentItem> attachments
            = currentIndex().data(TranscriptModel::AttachmentsRole).value<QList<AttachmentItem>>();
        if (!attachments.isEmpty()) {
            event->accept();
            Q_EMIT attachmentActivated(attachments.first());
            return;
        }
    }
    QListView::keyPressEvent(event);
}

bool ConversationView::viewportEvent(QEvent *event)
{
    // Over an attachment, the context menu is the attachment's; elsewhere, the view's actions.
    if (event->type() == QEvent::ContextMenu) {
        auto *menuEvent = static_cast<QContextMenuEvent *>(event);
        QModelIndex index;
        AttachmentItem attachment;
        if (attachmentAt(menuEvent->pos(), &index, &attachment)) {
            QMenu menu(this);
            menu.setObjectName(QStringLiteral("attachmentMenu"));
            QAction *open = menu.addAction(tr("Open"));
            QAction *save = menu.addAction(tr("Save as…"));
            menu.addSeparator();
            menu.addAction(m_copy);
            connect(open, &QAction::triggered, this,
                [this, attachment] { Q_EMIT attachmentActivated(attachment); });
            connect(save, &QAction::triggered, this,
                [this, attachment] { Q_EMIT saveAttachmentRequested(attachment); });
            menu.exec(menuEvent->globalPos());
            return true;
        }
        const QModelIndex at = indexAt(menuEvent->pos());
        if (at.isValid() && !at.data(TranscriptModel::SeqRole).isNull()) {
            messageMenu(at)->popup(menuEvent->globalPos());
            return true;
        }
    }
    return QListView::viewportEvent(event);
}

void ConversationView::dragEnterEvent(QDragEnterEvent *event)
{
    if (!Composer::localFilesOf(event->mimeData()).isEmpty())
        event->acceptProposedAction();
    else
        event->ignore();
}

void ConversationView::dragMoveEvent(QDragMoveEvent *event)
{
    if (!Composer::localFilesOf(event->mimeData()).isEmpty())
        event->acceptProposedAction();
    else
        event->ignore();
}

void ConversationView::dropEvent(QDropEvent *event)
{
    const QStringList files = Composer::localFilesOf(event->mimeData());
    if (files.isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    Q_EMIT filesDropped(files);
}

QString ConversationView::roleLabel(const MessageItem &message)
{
    return TranscriptModel::authorLabel(message);
}

QString ConversationView::toPlainText() const
{
    QStringList rows;
    rows.reserve(m_model->rowCount());
    for (int row = 0; row < m_model->rowCount(); ++row)
        rows << m_model->plainText(row);
    return rows.join(QStringLiteral("\n\n"));
}

QString ConversationView::selectedText() const
{
    QModelIndexList selected = selectionModel()->selectedIndexes();
    std::sort(selected.begin(), selected.end(),
        [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    if (selected.size() == 1)
        return selected.first().data().toString();
    QStringList texts;
    for (const QModelIndex &index : std::as_const(selected))
        texts << m_model->plainText(index.row());
    return texts.join(QStringLiteral("\n\n"));
}

void ConversationView::scrollToLatest()
{
    m_following = true;
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    m_unseen = 0;
    m_newMessages->hide();
}

void ConversationView::resizeEvent(QResizeEvent *event)
{
    updateLayoutWidth();
    QListView::resizeEvent(event);
    placeNewMessagesButton();
}

void ConversationView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        m_delegate->invalidate();
        updateLayoutWidth();
        scheduleDelayedItemsLayout();
    }
    QListView::changeEvent(event);
}

void ConversationView::updateGeometries()
{
    // Laying out moves the range under the scroll bar's value: not the agent scrolling.
    const bool following = m_following;
    m_updatingGeometries = true;
    QListView::updateGeometries();
    verticalScrollBar()->setSingleStep(std::max(20, fontMetrics().height() * 2));
    m_updatingGeometries = false;
    if (following)
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    placeNewMessagesButton();
}

void ConversationView::conversationReset()
{
    m_following = true;
    m_unseen = 0;
    m_newMessages->hide();
}

void ConversationView::messageAppended()
{
    if (m_following)
        return; // the layout that follows keeps the bottom in view
    ++m_unseen;
    m_newMessages->setText(QStringLiteral("↓ ") + tr("%n new message(s)", nullptr, m_unseen));
    m_newMessages->adjustSize();
    m_newMessages->show();
    m_newMessages->raise();
    placeNewMessagesButton();
}

void ConversationView::scrolled(int value)
{
    if (m_updatingGeometries)
        return;
    m_following = value >= verticalScrollBar()->maximum() - BottomSlack;
    if (m_following && m_newMessages->isVisible()) {
        m_unseen = 0;
        m_newMessages->hide();
    }
}

void ConversationView::updateLayoutWidth()
{
    // The width text wraps at leaves room for the scroll bar, shown or not: its coming and
    // going does not wrap every message again.
    const int scrollBar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
    const int width = std::max(0, contentsRect().width() - scrollBar);
    if (width == m_delegate->width())
        return;
    m_delegate->setWidth(width);
    scheduleDelayedItemsLayout();
}

void ConversationView::placeNewMessagesButton()
{
    if (!m_newMessages->isVisible())
        return;
    const QRect area = viewport()->geometry();
    const QSize size = m_newMessages->sizeHint();
    m_newMessages->setGeometry(area.center().x() - size.width() / 2,
        area.bottom() - 12 - size.height(), size.width(), size.height());
}

void ConversationView::copySelection()
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void ConversationView::armMidnightTimer()
{
    const QDateTime now = QDateTime::currentDateTime();
    const qint64 untilMidnight = now.msecsTo(now.date().addDays(1).startOfDay());
    m_midnight->start(static_cast<int>(std::clamp<qint64>(untilMidnight + 1000, 1000, 86'500'000)));
}

void ConversationView::setPlaceholderText(const QString &text)
{
    if (text == m_placeholder)
        return;
    m_placeholder = text;
    viewport()->update();
}

void ConversationView::paintEvent(QPaintEvent *event)
{
    QListView::paintEvent(event);
    if (m_placeholder.isEmpty() || m_model->rowCount() > 0)
        return;
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(viewport()->rect().adjusted(32, 48, -32, -32),
        Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, m_placeholder);
}

} // namespace frontline::ui
