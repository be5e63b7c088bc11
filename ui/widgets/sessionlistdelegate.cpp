// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionlistdelegate.h"

#include "models/consoleitems.h"
#include "models/sessionlistmodel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QStyle>
#include <QTextLayout>
#include <QToolTip>

namespace frontline::ui {

namespace {

constexpr int HorizontalMargin = 10;
constexpr int VerticalMargin = 7;
constexpr int AvatarGap = 10;
constexpr int LineGap = 3;

// Over the palette's base, so light and dark themes both stay calm and readable.
QColor blend(const QColor &over, const QColor &base, double amount)
{
    return QColor::fromRgbF(static_cast<float>(base.redF() * (1 - amount) + over.redF() * amount),
        static_cast<float>(base.greenF() * (1 - amount) + over.greenF() * amount),
        static_cast<float>(base.blueF() * (1 - amount) + over.blueF() * amount));
}

QColor stateColour(SessionState state, const QPalette &palette)
{
    switch (state) {
    case SessionState::Waiting:
        return QColor(0xd9, 0x77, 0x06); // amber: someone needs a human
    case SessionState::Mine:
        return QColor(0x16, 0xa3, 0x4a); // green: yours
    case SessionState::Ai:
        return QColor(0x3b, 0x82, 0xf6); // blue: the assistant answers
    case SessionState::Others:
        return QColor(0x8b, 0x5c, 0xf6); // violet: a colleague has it
    case SessionState::Closed:
        break;
    }
    return blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.55);
}

QFont smallerFont(const QFont &font)
{
    QFont small = font;
    if (small.pointSizeF() > 0)
        small.setPointSizeF(small.pointSizeF() * 0.88);
    else
        small.setPixelSize(std::max(9, small.pixelSize() * 88 / 100));
    return small;
}

int avatarDiameter(const QFontMetrics &metrics)
{
    return std::max(34, metrics.height() * 2 + LineGap);
}

} // namespace

SessionListDelegate::SessionListDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QString SessionListDelegate::initialsOf(const QString &name)
{
    QString initials;
    int characters = 0;
    const QStringList words = name.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &word : words) {
        // A word's first letter or digit, or a whole character outside the BMP (an emoji, a
        // rare CJK sign): "<b>x</b>" gives "X", never "<".
        for (qsizetype i = 0; i < word.size(); ++i) {
            if (word.at(i).isHighSurrogate() && i + 1 < word.size()) {
                initials += word.mid(i, 2);
                ++characters;
                break;
            }
            if (word.at(i).isLetterOrNumber()) {
                initials += word.at(i).toUpper();
                ++characters;
                break;
            }
        }
        if (characters == 2)
            break;
    }
    return initials.isEmpty() ? QStringLiteral("?") : initials;
}

QColor SessionListDelegate::avatarColourFor(const QString &sessionId)
{
    // Mid-tone colours that carry white initials on light and dark lists alike.
    static const QColor colours[] = { QColor(0x25, 0x63, 0xeb), QColor(0x7c, 0x3a, 0xed),
        QColor(0xdb, 0x27, 0x77), QColor(0xea, 0x58, 0x0c), QColor(0x05, 0x96, 0x69),
        QColor(0x08, 0x91, 0xb2), QColor(0x65, 0x4d, 0xe3), QColor(0xb4, 0x53, 0x09) };
    // A stable hash (qHash is seeded per process): the same customer, the same colour.
    uint hash = 0;
    for (const QChar c : sessionId)
        hash = hash * 31 + c.unicode();
    return colours[hash % std::size(colours)];
}

QSize SessionListDelegate::sizeHint(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index);
    const QFontMetrics metrics(option.font);
    const QFontMetrics small(smallerFont(option.font));
    const int lines = metrics.height() + LineGap + small.height() + 4;
    return { 240, std::max(avatarDiameter(metrics), lines) + 2 * VerticalMargin };
}

void SessionListDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QModelIndex customer = index.siblingAtColumn(SessionListModel::Customer);
    const QModelIndex status = index.siblingAtColumn(SessionListModel::Status);
    const QModelIndex lastMessage = index.siblingAtColumn(SessionListModel::LastMessage);
    const QModelIndex time = index.siblingAtColumn(SessionListModel::Time);
    const QModelIndex unread = index.siblingAtColumn(SessionListModel::Unread);
    const QString name = customer.data().toString();
    const auto state = static_cast<SessionState>(index.data(SessionListModel::StateRole).toInt());
    const int unreadCount = unread.data().toInt();
    const bool rateLimited = customer.data(Qt::DecorationRole).isValid();
    const QPalette &palette = option.palette;
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const QColor muted = blend(text, base, 0.62);
    const QRect rect = option.rect;
    const auto visual = [&option](const QRect &r) {
        return QStyle::visualRect(option.direction, option.rect, r);
    };

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);

    // The background: selection and hover tint the base rather than replace it, so every
    // colour of the row stays readable; the selected row also gets an accent bar.
    const QColor accent = palette.color(QPalette::Highlight);
    if (option.state & QStyle::State_Selected) {
        painter->fillRect(rect, blend(accent, base, 0.22));
        painter->fillRect(visual(QRect(rect.left(), rect.top(), 3, rect.height())), accent);
    } else if (option.state & QStyle::State_MouseOver) {
        painter->fillRect(rect, blend(text, base, 0.05));
    }

    const QFontMetrics metrics(option.font);
    const QFont small = smallerFont(option.font);
    const QFontMetrics smallMetrics(small);
    const int diameter = avatarDiameter(metrics);

    // The avatar.
    const QRect avatar(rect.left() + HorizontalMargin, rect.top() + (rect.height() - diameter) / 2,
        diameter, diameter);
    painter->setPen(Qt::NoPen);
    painter->setBrush(state == SessionState::Closed
            ? blend(
                avatarColourFor(index.data(SessionListModel::SessionIdRole).toString()), base, 0.45)
            : avatarColourFor(index.data(SessionListModel::SessionIdRole).toString()));
    painter->drawEllipse(visual(avatar));
    QFont initialsFont = option.font;
    initialsFont.setBold(true);
    painter->setFont(initialsFont);
    painter->setPen(Qt::white);
    painter->drawText(visual(avatar), Qt::AlignCenter | Qt::TextSingleLine, initialsOf(name));

    const int left = avatar.right() + AvatarGap;
    const int right = rect.right() - HorizontalMargin;
    const int linesHeight = metrics.height() + LineGap + smallMetrics.height() + 4;
    const int top = rect.top() + (rect.height() - linesHeight) / 2;
    const int leading
        = option.direction == Qt::RightToLeft ? int(Qt::AlignRight) : int(Qt::AlignLeft);
    const int trailing
        = option.direction == Qt::RightToLeft ? int(Qt::AlignLeft) : int(Qt::AlignRight);

    // First line: the name, and the time (a waiting customer's wait, in its colour).
    const QString timeText = time.data().toString();
    const QVariant timeColour = time.data(Qt::ForegroundRole);
    painter->setFont(small);
    const int timeWidth = smallMetrics.horizontalAdvance(timeText);
    const QRect timeRect(right - timeWidth, top, timeWidth, metrics.height());
    painter->setPen(timeColour.isValid() ? timeColour.value<QColor>() : muted);
    if (timeColour.isValid()) {
        QFont strong = small;
        strong.setBold(true);
        painter->setFont(strong);
    }
    painter->drawText(visual(timeRect), trailing | Qt::AlignVCenter | Qt::TextSingleLine, timeText);

    QFont nameFont = customer.data(Qt::FontRole).isValid()
        ? customer.data(Qt::FontRole).value<QFont>().resolve(option.font)
        : option.font;
    if (unreadCount > 0 || state == SessionState::Waiting)
        nameFont.setBold(true);
    painter->setFont(nameFont);
    painter->setPen(state == SessionState::Closed ? muted : text);
    const QRect nameRect(left, top, std::max(0, timeRect.left() - 8 - left), metrics.height());
    painter->drawText(visual(nameRect), leading | Qt::AlignVCenter | Qt::TextSingleLine,
        QFontMetrics(nameFont).elidedText(name, Qt::ElideRight, nameRect.width()));

    // Second line: the state chip, the last message, the rate-limit mark, the unread badge.
    const int secondTop = top + metrics.height() + LineGap;
    const int secondHeight = smallMetrics.height() + 4;
    int trailingEdge = right;
    if (unreadCount > 0) {
        QFont badgeFont = small;
        badgeFont.setBold(true);
        const QString count
            = unreadCount > 99 ? QStringLiteral("99+") : QString::number(unreadCount);
        const int width
            = std::max(secondHeight, QFontMetrics(badgeFont).horizontalAdvance(count) + 10);
        const QRect badge(trailingEdge - width, secondTop, width, secondHeight);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0x25, 0x63, 0xeb));
        painter->drawRoundedRect(visual(badge), secondHeight / 2.0, secondHeight / 2.0);
        painter->setPen(Qt::white);
        painter->setFont(badgeFont);
        painter->drawText(visual(badge), Qt::AlignCenter | Qt::TextSingleLine, count);
        trailingEdge = badge.left() - 6;
    }
    if (rateLimited) {
        const int size = std::min(16, secondHeight);
        const QRect mark(trailingEdge - size, secondTop + (secondHeight - size) / 2, size, size);
        customer.data(Qt::DecorationRole).value<QIcon>().paint(painter, visual(mark));
        trailingEdge = mark.left() - 6;
    }

    const QString chipText = status.data().toString();
    const QColor chipColour = stateColour(state, palette);
    painter->setFont(small);
    // (Two pixels to spare: advances are rounded, and an exact fit would be elided.)
    const int chipWidth = std::min(
        smallMetrics.horizontalAdvance(chipText) + 14, std::max(0, (trailingEdge - left) / 2));
    const QRect chip(left, secondTop, chipWidth, secondHeight);
    painter->setPen(Qt::NoPen);
    painter->setBrush(blend(chipColour, base, 0.16));
    painter->drawRoundedRect(visual(chip), 4, 4);
    painter->setPen(blend(chipColour, text, 0.8));
    painter->drawText(visual(chip.adjusted(5, 0, -5, 0)), Qt::AlignCenter | Qt::TextSingleLine,
        smallMetrics.elidedText(chipText, Qt::ElideRight, chip.width() - 10));

    // Nobody can answer it now (outside hours, nobody online): a chip of its own, slate.
    int labelsRight = chip.right();
    const QString unattended = customer.data(SessionListModel::UnattendedRole).toString();
    if (!unattended.isEmpty()) {
        const QColor slate(0x64, 0x74, 0x8b);
        const int width = std::min(smallMetrics.horizontalAdvance(unattended) + 14,
            std::max(0, (trailingEdge - labelsRight - 6) / 2));
        const QRect mark(labelsRight + 6, secondTop, width, secondHeight);
        painter->setPen(QPen(blend(slate, base, 0.6), 1));
        painter->setBrush(blend(slate, base, 0.14));
        painter->drawRoundedRect(QRectF(visual(mark)).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        painter->setPen(blend(slate, text, 0.55));
        painter->drawText(visual(mark.adjusted(5, 0, -5, 0)), Qt::AlignCenter | Qt::TextSingleLine,
            smallMetrics.elidedText(unattended, Qt::ElideRight, mark.width() - 10));
        labelsRight = mark.right();
    }

    // The labels, small chips in their colours, in at most a third of what is left.
    const QStringList labels = customer.data(SessionListModel::LabelsRole).toStringList();
    const QVariantList labelColours = customer.data(SessionListModel::LabelColoursRole).toList();
    const int labelsEdge = labelsRight + std::max(0, (trailingEdge - labelsRight) / 3);
    for (qsizetype i = 0; i < labels.size(); ++i) {
        const int labelLeft = labelsRight + 6;
        // 12 px of padding and 4 of slack: elidedText cuts a text given exactly its advance.
        const int wanted = smallMetrics.horizontalAdvance(labels.at(i)) + 16;
        const int width = std::min(wanted, labelsEdge - labelLeft);
        if (width < 18)
            break;
        const QColor colour
            = i < labelColours.size() ? labelColours.at(i).value<QColor>() : QColor(Qt::gray);
        const QRect labelChip(labelLeft, secondTop, width, secondHeight);
        painter->setPen(Qt::NoPen);
        painter->setBrush(blend(colour, base, 0.30));
        painter->drawRoundedRect(visual(labelChip), secondHeight / 2.0, secondHeight / 2.0);
        painter->setPen(blend(colour, text, 0.45));
        painter->drawText(visual(labelChip.adjusted(4, 0, -4, 0)),
            Qt::AlignCenter | Qt::TextSingleLine,
            smallMetrics.elidedText(labels.at(i), Qt::ElideRight, labelChip.width() - 8));
        labelsRight = labelChip.right();
    }

    const QRect previewRect(
        labelsRight + 8, secondTop, std::max(0, trailingEdge - labelsRight - 8), secondHeight);
    painter->setPen(unreadCount > 0 ? text : muted);
    const QString snippet = index.data(SessionListModel::MatchSnippetRole).toString();
    if (snippet.isEmpty()) {
        painter->drawText(visual(previewRect), leading | Qt::AlignVCenter | Qt::TextSingleLine,
            smallMetrics.elidedText(
                lastMessage.data().toString(), Qt::ElideRight, previewRect.width()));
    } else {
        // The search's snippet, the words that matched in bold: plain text, as written.
        QString line = snippet;
        line.replace(QLatin1Char('\n'), QLatin1Char(' '));
        QTextLayout layout(line, smallerFont(option.font));
        QList<QTextLayout::FormatRange> formats;
        for (const QVariant &value : index.data(SessionListModel::MatchHighlightsRole).toList()) {
            const QPoint highlight = value.toPoint();
            QTextLayout::FormatRange range;
            range.start = highlight.x();
            range.length = highlight.y();
            range.format.setFontWeight(QFont::Bold);
            range.format.setForeground(text);
            formats.append(range);
        }
        layout.setFormats(formats);
        QTextOption textOption;
        textOption.setWrapMode(QTextOption::NoWrap);
        textOption.setTextDirection(option.direction);
        layout.setTextOption(textOption);
        layout.beginLayout();
        QTextLine textLine = layout.createLine();
        if (textLine.isValid())
            textLine.setLineWidth(100000);
        layout.endLayout();
        const QRect shown = visual(previewRect);
        painter->save();
        painter->setClipRect(shown);
        const qreal y
            = shown.top() + (shown.height() - (textLine.isValid() ? textLine.height() : 0)) / 2.0;
        const qreal x = option.direction == Qt::RightToLeft && textLine.isValid()
            ? shown.right() + 1 - textLine.naturalTextWidth()
            : shown.left();
        layout.draw(painter, QPointF(x, y));
        painter->restore();
    }

    // A hairline between rows, under the text only, as chat lists do.
    painter->setPen(blend(text, base, 0.10));
    painter->drawLine(visual(QRect(left, rect.bottom(), rect.right() - left, 1)).topLeft(),
        visual(QRect(left, rect.bottom(), rect.right() - left, 1)).topRight());
    painter->restore();
}

bool SessionListDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    // The columns' tooltips together (the view shows one column): the wait or the time in
    // full, the rate limit. None holds what a customer wrote, so none can carry markup.
    QStringList tips;
    for (const int column :
        { SessionListModel::Time, SessionListModel::Status, SessionListModel::Customer }) {
        const QString tip = index.siblingAtColumn(column).data(Qt::ToolTipRole).toString();
        if (!tip.isEmpty())
            tips << tip;
    }
    if (tips.isEmpty()) {
        QToolTip::hideText();
        return true;
    }
    QToolTip::showText(event->globalPos(), tips.join(QLatin1Char('\n')), view, option.rect);
    return true;
}

} // namespace frontline::ui
