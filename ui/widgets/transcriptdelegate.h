// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
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
    };

    Geometry geometry(
        const QStyleOptionViewItem &option, const QModelIndex &index, QTextLayout &layout) const;
    void paintSeparator(
        QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;

    int m_width = 0;
    mutable QList<QSize> m_sizes; // per row, for m_width; invalid: not known yet
};

} // namespace frontline::ui
