// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/attachmentcache.h"
#include "models/consoleitems.h"

#include <QHash>
#include <QIcon>
#include <QList>
#include <QPointer>
#include <QRect>
#include <QStyledItemDelegate>

class QAbstractItemModel;
class QTextLayout;

namespace frontline::ui {

// Paints the rows of a TranscriptModel as a chat: the customer's bubbles on the leading side,
// the assistant's and the agents' on the trailing side, events (SYSTEM) centred and small,
// day separators between days. Text goes through QTextLayout only, which has no markup:
// whatever a customer writes is drawn as the characters it is.
//
// A message's attachments are inside its bubble, under its text (a message of attachments only
// has no text line): an image as its thumbnail (a box of its size while it loads), any other
// file, or an image whose thumbnail failed, as a row with its icon, name and size.
//
// Heights depend on the width text wraps at, which the view sets; they are cached per row
// and forgotten when the width, the font or the row changes.
class TranscriptDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit TranscriptDelegate(QObject *parent = nullptr);

    void watch(QAbstractItemModel *model); // the model whose rows the cache follows
    void setWidth(int width); // the width rows are laid out for
    int width() const { return m_width; }
    void invalidate(); // the font or the style changed
    void setAttachmentCache(AttachmentCache *cache); // where thumbnails come from

    // Where the row's attachments are drawn, for the row at option.rect (in its order).
    QList<QRect> attachmentRects(
        const QStyleOptionViewItem &option, const QModelIndex &index) const;
    // Where the row's sources ("Source: title", one line each) are drawn, in their order.
    QList<QRect> sourceRects(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    // The largest box a thumbnail is shown in.
    static QSize thumbnailBox() { return { 240, 180 }; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The colours, over the palette so that a dark one stays dark and readable.
    static QColor bubbleColour(const QString &role, const QPalette &palette);
    static QColor accentColour(const QString &role, const QPalette &palette);
    static QColor mutedTextColour(const QPalette &palette);

private:
    struct Geometry
    {
        int height = 0;
        QRect label; // the author, above the first bubble of a group
        QRect bubble; // or the event's pill, or the separator's label
        QPoint textOrigin;
        int textWidth = 0; // what the text needs, at most the wrap width
        QRect meta; // time and "sanitized", below a bubble
        bool hasText = true;
        QList<QRect> attachments; // inside the bubble, under the text
        QList<QRect> sources; // "Source: title" lines under the bubble, in order
        QRect translation; // the translation under the bubble, wrapped
    };

    Geometry geometry(
        const QStyleOptionViewItem &option, const QModelIndex &index, QTextLayout &layout) const;
    void paintSeparator(
        QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;
    // The size an attachment takes in a bubble whose content is at most `width` wide.
    QSize attachmentSize(
        const AttachmentItem &attachment, const QStyleOptionViewItem &option, int width) const;
    bool showsThumbnail(const AttachmentItem &attachment) const;
    void paintAttachment(QPainter *painter, const QStyleOptionViewItem &option,
        const AttachmentItem &attachment, const QRect &rect, const QColor &bubble) const;
    QIcon icon(const QString &name, const QPalette &palette) const;

    QPointer<AttachmentCache> m_cache;
    mutable QHash<QString, QIcon> m_icons; // by name, for the palette of m_iconsFor
    mutable QColor m_iconsFor;

    int m_width = 0;
    mutable QList<QSize> m_sizes; // per row, for m_width; invalid: not known yet
};

} // namespace frontline::ui
