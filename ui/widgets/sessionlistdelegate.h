// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace frontline::ui {

// One session as a chat app's list shows it: the customer's initials in a coloured circle,
// the name and the time on the first line; the state as a chip, the last message, the
// rate-limit mark and the unread badge on the second. It paints the row from the
// SessionListModel's columns (the view shows only the first), so sorting, filtering and the
// tests keep working on the columns. Text is drawn as plain text: a customer's name or
// message never becomes markup.
class SessionListDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit SessionListDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

    // "CM" for Camille Martin, "J" for Jonas; what the avatar shows.
    static QString initialsOf(const QString &name);
    // The same colour for the same customer, every time and on every agent's console.
    static QColor avatarColourFor(const QString &sessionId);
};

} // namespace frontline::ui
