// SPDX-License-Identifier: GPL-3.0-or-later
#include "transcriptdelegate.h"

#include "client/attachmentcache.h"
#include "icons.h"
#include "models/transcriptmodel.h"

#include <QAbstractItemModel>
#include <QLocale>
#include <QMimeDatabase>
#include <QPainter>
#include <QPainterPath>
#include <QStyle>
#include <QTextLayout>

#include <cmath>

namespace frontline::ui {

namespace {

constexpr int SideMargin = 12; // between the view's edges and the bubbles
constexpr int PaddingX = 10; // inside a bubble
constexpr int PaddingY = 6;
constexpr int Radius = 10;
constexpr int GroupSpacing = 10; // above the first message of a group
constexpr int InGroupSpacing = 2; // between the bubbles of one group
constexpr int LineGap = 2; // between a bubble and its author or its time
constexpr int AttachmentGap = 6; // between a bubble's text and attachments, and between these
constexpr int FileIconSize = 32; // a file's icon in its row
constexpr int FileIconGap = 8;
constexpr int ThumbnailRadius = 6;

QColor mix(const QColor &from, const QColor &to, double amount)
{
    const auto channel
        = [amount](float a, float b) { return static_cast<float>(a * (1 - amount) + b * amount); };
    return QColor::fromRgbF(channel(from.redF(), to.redF()), channel(from.greenF(), to.greenF()),
        channel(from.blueF(), to.blueF()));
}

QColor roleHue(const QString &role)
{
    if (role == QLatin1String("ASSISTANT"))
        return QColor(0x3b, 0x82, 0xf6); // blue
    if (role == QLatin1String("AGENT"))
        return QColor(0x16, 0xa3, 0x4a); // green
    if (role == QLatin1String("USER"))
        return QColor(0x64, 0x74, 0x8b); // slate
    if (TranscriptModel::isNote(role))
        return QColor(0xea, 0xb3, 0x08); // an internal note: yellow, as sticky notes are
    return QColor(0xd9, 0x77, 0x06); // events: amber
}

QFont smallFont(const QFont &font)
{
    QFont small(font);
    if (font.pointSizeF() > 0)
        small.setPointSizeF(font.pointSizeF() * 0.85);
    else
        small.setPixelSize(std::max(8, font.pixelSize() * 85 / 100));
    return small;
}

QFont boldFont(QFont font)
{
    font.setWeight(QFont::DemiBold);
    return font;
}

QFont italicFont(QFont font)
{
    font.setItalic(true);
    return font;
}

// Line breaks as QTextLayout breaks lines; every other character stays what it is.
QString layoutText(QString text)
{
    text.replace(QStringLiteral("\r\n"), QString(QChar::LineSeparator));
    text.replace(QLatin1Char('\r'), QChar::LineSeparator);
    text.replace(QLatin1Char('\n'), QChar::LineSeparator);
    return text;
}

// Wraps the layout's text at width (long words and URLs too); its height, and in natural
// the width its longest line needs.
int wrap(QTextLayout &layout, int width, int *natural = nullptr)
{
    qreal y = 0;
    qreal widest = 0;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, y));
        y += line.height();
        widest = std::max(widest, line.naturalTextWidth());
    }
    layout.endLayout();
    if (natural)
        *natural = std::min(width, static_cast<int>(std::ceil(widest)));
    return static_cast<int>(std::ceil(y));
}

bool isEmoji(char32_t c)
{
    return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF)
        || (c >= 0xE0020 && c <= 0xE007F); // tags, in flags of regions
}

// The emoji of a text, in the colour emoji font. Qt 6.4 takes a character from the first
// font that has it, and DejaVu Sans has black-and-white faces (U+1F600…): without this, 😊
// would be an outline while 📸 is in colour. The format is ours, by code point: the text
// itself is still never read as markup.
QList<QTextLayout::FormatRange> emojiFormats(const QString &text)
{
    QList<QTextLayout::FormatRange> ranges;
    QTextCharFormat emoji;
    emoji.setFontFamilies({ QStringLiteral("Noto Color Emoji") });
    bool open = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text.at(i).unicode();
        const qsizetype start = i;
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        }
        // A joiner or a variation selector belongs to the emoji it follows (👩‍💻, ❤️).
        const bool joins = open && (c == 0x200D || c == 0xFE0F);
        if (isEmoji(c) || joins) {
            if (open)
                ranges.last().length = static_cast<int>(i + 1 - ranges.last().start);
            else
                ranges.append({ static_cast<int>(start), static_cast<int>(i + 1 - start), emoji });
            open = true;
        } else {
            open = false;
        }
    }
    return ranges;
}

void prepare(QTextLayout &layout, const QString &text, const QFont &font, Qt::Alignment alignment)
{
    const QString shown = layoutText(text);
    layout.setText(shown);
    layout.setFont(font);
    layout.setFormats(emojiFormats(shown));
    QTextOption option(alignment);
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    // Each message in its own direction: Arabic or Hebrew reads from the right.
    option.setTextDirection(Qt::LayoutDirectionAuto);
    layout.setTextOption(option);
}

// The width text needs, rounded up: QFontMetrics rounds to the nearest pixel, and a text
// given a pixel less than it needs is elided.
int advance(const QFont &font, const QString &text)
{
    return static_cast<int>(std::ceil(QFontMetricsF(font).horizontalAdvance(text)));
}

bool isSeparator(const QModelIndex &index)
{
    return index.data(TranscriptModel::KindRole).toInt()
        == static_cast<int>(TranscriptModel::RowKind::DaySeparator);
}

QList<AttachmentItem> attachmentsOf(const QModelIndex &index)
{
    return index.data(TranscriptModel::AttachmentsRole).value<QList<AttachmentItem>>();
}

QString fileIconName(const AttachmentItem &attachment)
{
    const QMimeType type = QMimeDatabase().mimeTypeForName(attachment.contentType);
    if (type.isValid() && type.inherits(QStringLiteral("application/pdf")))
        return QStringLiteral("application-pdf");
    if (attachment.contentType.startsWith(QLatin1String("image/")))
        return QStringLiteral("image-x-generic");
    if (type.isValid() && type.inherits(QStringLiteral("text/plain")))
        return QStringLiteral("text-plain");
    return QStringLiteral("application-octet-stream");
}

QString metaText(const QModelIndex &index)
{
    QString meta = index.data(TranscriptModel::TimeRole).toString();
    if (index.data(TranscriptModel::SanitizedRole).toBool())
        meta += QStringLiteral(" · ") + TranscriptModel::sanitizedLabel();
    if (index.data(TranscriptModel::SeenRole).toBool())
        meta += QStringLiteral(" · ") + TranscriptModel::seenLabel();
    if (const QString mail = index.data(TranscriptModel::MailTextRole).toString(); !mail.isEmpty())
        meta += QStringLiteral(" · ") + mail;
    return meta;
}

} // namespace

TranscriptDelegate::TranscriptDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

void TranscriptDelegate::watch(QAbstractItemModel *model)
{
    m_sizes.clear();
    connect(model, &QAbstractItemModel::modelReset, this, &TranscriptDelegate::invalidate);
    connect(model, &QAbstractItemModel::layoutChanged, this, &TranscriptDelegate::invalidate);
    connect(model, &QAbstractItemModel::rowsInserted, this,
        [this](const QModelIndex &, int first, int last) {
            if (first <= m_sizes.size())
                m_sizes.insert(first, last - first + 1, QSize());
        });
    connect(model, &QAbstractItemModel::rowsRemoved, this,
        [this](const QModelIndex &, int first, int last) {
            if (first < m_sizes.size())
                m_sizes.remove(first, std::min<qsizetype>(last + 1, m_sizes.size()) - first);
        });
    connect(model, &QAbstractItemModel::dataChanged, this,
        [this](
            const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles) {
            for (int row = topLeft.row(); row <= bottomRight.row() && row < m_sizes.size(); ++row)
                m_sizes[row] = QSize();
            if (roles.contains(TranscriptModel::AttachmentsRole)
                || roles.contains(TranscriptModel::MailStateRole)
                || roles.contains(TranscriptModel::TranslationRole))
                Q_EMIT sizeHintChanged(topLeft); // the view lays its rows out again
        });
}

void TranscriptDelegate::setWidth(int width)
{
    if (width == m_width)
        return;
    m_width = width;
    invalidate();
}

void TranscriptDelegate::invalidate()
{
    m_sizes.clear();
    m_icons.clear();
}

void TranscriptDelegate::setAttachmentCache(AttachmentCache *cache)
{
    m_cache = cache;
}

bool TranscriptDelegate::showsThumbnail(const AttachmentItem &attachment) const
{
    return attachment.isImage()
        && !(m_cache && m_cache->state(attachment.id) == AttachmentCache::State::Failed);
}

QSize TranscriptDelegate::attachmentSize(
    const AttachmentItem &attachment, const QStyleOptionViewItem &option, int width) const
{
    if (showsThumbnail(attachment)) {
        const QSize box = thumbnailBox();
        return attachment.shownSize(QSize(std::min(box.width(), width), box.height()));
    }
    const QFont small = smallFont(option.font);
    const int text = std::max(advance(option.font, attachment.filename),
        advance(small, QLocale().formattedDataSize(attachment.size)));
    const int height
        = std::max(FileIconSize, option.fontMetrics.height() + QFontMetrics(small).height());
    return { std::min(width, FileIconSize + FileIconGap + text), height };
}

QIcon TranscriptDelegate::icon(const QString &name, const QPalette &palette) const
{
    if (m_iconsFor != palette.color(QPalette::Text)) {
        m_icons.clear();
        m_iconsFor = palette.color(QPalette::Text);
    }
    auto found = m_icons.find(name);
    if (found == m_icons.end()) {
        QIcon icon = icons::named(name, palette);
        if (icon.isNull())
            icon = icons::named(QStringLiteral("application-octet-stream"), palette);
        found = m_icons.insert(name, icon);
    }
    return *found;
}

QList<QRect> TranscriptDelegate::sourceRects(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (isSeparator(index))
        return {};
    QTextLayout layout;
    return geometry(option, index, layout).sources;
}

QList<QRect> TranscriptDelegate::attachmentRects(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (isSeparator(index))
        return {};
    QTextLayout layout;
    return geometry(option, index, layout).attachments;
}

void TranscriptDelegate::paintAttachment(QPainter *painter, const QStyleOptionViewItem &option,
    const AttachmentItem &attachment, const QRect &rect, const QColor &bubble) const
{
    const QPalette &palette = option.palette;
    if (showsThumbnail(attachment)) {
        QPainterPath clip;
        clip.addRoundedRect(QRectF(rect), ThumbnailRadius, ThumbnailRadius);
        const QPixmap pixmap = m_cache ? m_cache->thumbnail(attachment) : QPixmap();
        painter->save();
        painter->setClipPath(clip);
        if (pixmap.isNull()) { // loading: a box of its size
            painter->fillRect(rect, mix(bubble, palette.color(QPalette::Text), 0.10));
            const int side = std::min({ 32, rect.width(), rect.height() });
            icon(QStringLiteral("image-x-generic"), palette)
                .paint(painter,
                    QRect(rect.center() - QPoint(side / 2, side / 2), QSize(side, side)),
                    Qt::AlignCenter, QIcon::Disabled);
        } else {
            painter->setRenderHint(QPainter::SmoothPixmapTransform);
            painter->drawPixmap(rect, pixmap);
        }
        painter->restore();
        return;
    }
    const bool failed = attachment.isImage(); // an image shown as a row: its thumbnail failed
    const bool ltr = option.direction == Qt::LeftToRight;
    const QRect iconRect = QStyle::visualRect(option.direction, rect,
        QRect(rect.left(), rect.top() + (rect.height() - FileIconSize) / 2, FileIconSize,
            FileIconSize));
    icon(failed ? QStringLiteral("dialog-warning") : fileIconName(attachment), palette)
        .paint(painter, iconRect);
    const QFont small = smallFont(option.font);
    const int textWidth = std::max(0, rect.width() - FileIconSize - FileIconGap);
    const QRect text = QStyle::visualRect(option.direction, rect,
        QRect(rect.left() + FileIconSize + FileIconGap, rect.top(), textWidth, rect.height()));
    const int nameHeight = option.fontMetrics.height();
    const int top = text.top() + (text.height() - nameHeight - QFontMetrics(small).height()) / 2;
    const int align
        = Qt::TextSingleLine | Qt::AlignVCenter | (ltr ? Qt::AlignLeft : Qt::AlignRight);
    painter->setFont(option.font);
    painter->setPen(palette.color(QPalette::Text));
    painter->drawText(QRect(text.left(), top, text.width(), nameHeight), align,
        option.fontMetrics.elidedText(attachment.filename, Qt::ElideMiddle, text.width()));
    painter->setFont(small);
    painter->setPen(mutedTextColour(palette));
    const QString size = failed
        ? tr("%1 · the image could not be loaded").arg(QLocale().formattedDataSize(attachment.size))
        : QLocale().formattedDataSize(attachment.size);
    painter->drawText(
        QRect(text.left(), top + nameHeight, text.width(), QFontMetrics(small).height()), align,
        QFontMetrics(small).elidedText(size, Qt::ElideRight, text.width()));
}

QColor TranscriptDelegate::bubbleColour(const QString &role, const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    if (role == QLatin1String("USER")) // a neutral grey a step from the background
        return mix(base, palette.color(QPalette::Text), 0.08);
    if (TranscriptModel::isEvent(role))
        return mix(base, roleHue(role), 0.14);
    if (TranscriptModel::isNote(role)) // stronger: a note must never pass for a reply
        return mix(base, roleHue(role), 0.32);
    return mix(base, roleHue(role), 0.22);
}

QColor TranscriptDelegate::accentColour(const QString &role, const QPalette &palette)
{
    // Half way between the text and the hue: dark on a light base, light on a dark one.
    return mix(palette.color(QPalette::Text), roleHue(role), 0.5);
}

QColor TranscriptDelegate::mutedTextColour(const QPalette &palette)
{
    return mix(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.4);
}

TranscriptDelegate::Geometry TranscriptDelegate::geometry(
    const QStyleOptionViewItem &option, const QModelIndex &index, QTextLayout &layout) const
{
    const int available = m_width > 0 ? m_width : std::max(option.rect.width(), 200);
    const int left = option.rect.left();
    const int right = left + (option.rect.width() > 0 ? option.rect.width() : available);
    const QFont small = smallFont(option.font);
    const QFontMetrics smallMetrics(small);
    const QString role = index.data(TranscriptModel::MessageRoleRole).toString();
    Geometry g;

    if (TranscriptModel::isEvent(role)) { // centred and small, no bubble
        const QString text = index.data().toString() + QStringLiteral(" · ")
            + index.data(TranscriptModel::TimeRole).toString();
        prepare(layout, text, italicFont(small), Qt::AlignHCenter);
        const int wrapWidth = std::max(60, available * 4 / 5 - 2 * PaddingX);
        const int height = wrap(layout, wrapWidth, &g.textWidth);
        const int y = option.rect.top() + GroupSpacing;
        const int width = g.textWidth + 2 * PaddingX;
        g.bubble = QRect(left + (right - left - width) / 2, y, width, height + 2 * (PaddingY / 2));
        g.textOrigin = g.bubble.topLeft() + QPoint(PaddingX, PaddingY / 2);
        g.height = g.bubble.bottom() + 1 - option.rect.top() + InGroupSpacing;
        return g;
    }

    const bool leading = role == QLatin1String("USER");
    const bool first = index.data(TranscriptModel::GroupFirstRole).toBool();
    const bool last = index.data(TranscriptModel::GroupLastRole).toBool();
    const int maxBubble = std::max(80,
        std::min({ available * 3 / 4, available - 2 * SideMargin,
            option.fontMetrics.averageCharWidth() * 72 }));
    const auto place
        = [&](int width) { return leading ? left + SideMargin : right - SideMargin - width; };
    int y = option.rect.top() + (first ? GroupSpacing : InGroupSpacing);
    if (first) {
        const QString author = index.data(TranscriptModel::AuthorRole).toString();
        const int width = std::min(advance(boldFont(small), author), maxBubble);
        g.label = QRect(place(width), y, width, smallMetrics.height());
        y += g.label.height() + LineGap;
    }
    const QString content = index.data().toString();
    const QList<AttachmentItem> attachments = attachmentsOf(index);
    const int contentWidth = maxBubble - 2 * PaddingX;
    g.hasText = !content.isEmpty() || attachments.isEmpty();
    int height = 0;
    if (g.hasText) {
        prepare(layout, content, option.font, Qt::AlignLeading);
        height = wrap(layout, contentWidth, &g.textWidth);
    }
    const int textHeight = height;
    int innerWidth = g.textWidth;
    QList<QSize> sizes;
    for (const AttachmentItem &attachment : attachments) {
        sizes.append(attachmentSize(attachment, option, contentWidth));
        innerWidth = std::max(innerWidth, sizes.last().width());
        height += sizes.last().height() + (height > 0 ? AttachmentGap : 0);
    }
    const int bubbleWidth = innerWidth + 2 * PaddingX;
    g.bubble = QRect(place(bubbleWidth), y, bubbleWidth, height + 2 * PaddingY);
    g.textOrigin = g.bubble.topLeft() + QPoint(PaddingX, PaddingY);
    {
        int top = g.textOrigin.y();
        if (g.hasText)
            top += textHeight + AttachmentGap;
        for (const QSize &size : std::as_const(sizes)) {
            const int x = leading ? g.bubble.left() + PaddingX
                                  : g.bubble.right() + 1 - PaddingX - size.width();
            g.attachments.append(QRect(QPoint(x, top), size));
            top += size.height() + AttachmentGap;
        }
    }
    y += g.bubble.height();
    const QList<KnowledgeSource> sources
        = index.data(TranscriptModel::SourcesRole).value<QList<KnowledgeSource>>();
    for (const KnowledgeSource &source : sources) {
        const int width = std::min(advance(small, TranscriptModel::sourceLabel(source)), maxBubble);
        g.sources.append(QRect(place(width), y + LineGap, width, smallMetrics.height()));
        y = g.sources.last().bottom() + 1;
    }
    const QString translation = index.data(TranscriptModel::TranslationRole).toString();
    if (!translation.isEmpty()) {
        const QRect needed = QFontMetrics(italicFont(small))
                                 .boundingRect(QRect(0, 0, maxBubble, 100000),
                                     Qt::TextWordWrap | Qt::AlignLeft, translation);
        const int width = std::min(needed.width() + 1, maxBubble);
        g.translation = QRect(place(width), y + LineGap, width, needed.height());
        y = g.translation.bottom() + 1;
    }
    if (last || index.data(TranscriptModel::SanitizedRole).toBool()
        || index.data(TranscriptModel::SeenRole).toBool()
        || !index.data(TranscriptModel::MailStateRole).toString().isEmpty()) {
        const int width = std::min(advance(small, metaText(index)), maxBubble);
        g.meta = QRect(place(width), y + LineGap, width, smallMetrics.height());
        y = g.meta.bottom() + 1;
    }
    g.height = y - option.rect.top() + (last ? LineGap : 0);
    if (option.direction == Qt::RightToLeft) { // the customer on the right, mirrored
        const QRect within(left, option.rect.top(), right - left, g.height);
        g.label = QStyle::visualRect(option.direction, within, g.label);
        g.bubble = QStyle::visualRect(option.direction, within, g.bubble);
        g.meta = QStyle::visualRect(option.direction, within, g.meta);
        g.translation = QStyle::visualRect(option.direction, within, g.translation);
        for (QRect &rect : g.sources)
            rect = QStyle::visualRect(option.direction, within, rect);
        for (QRect &rect : g.attachments)
            rect = QStyle::visualRect(option.direction, within, rect);
        g.textOrigin = g.bubble.topLeft() + QPoint(PaddingX, PaddingY);
    }
    return g;
}

QSize TranscriptDelegate::sizeHint(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int row = index.row();
    if (m_width > 0 && row < m_sizes.size() && m_sizes.at(row).isValid())
        return m_sizes.at(row);
    QStyleOptionViewItem opt(option);
    opt.rect = QRect(0, 0, m_width, 0);
    QSize size;
    if (isSeparator(index)) {
        size = QSize(m_width,
            GroupSpacing + QFontMetrics(boldFont(smallFont(option.font))).height() + LineGap);
    } else {
        QTextLayout layout;
        size = QSize(m_width, geometry(opt, index, layout).height);
    }
    if (m_width > 0) {
        if (row >= m_sizes.size())
            m_sizes.resize(row + 1);
        m_sizes[row] = size;
    }
    return size;
}

void TranscriptDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (isSeparator(index)) {
        paintSeparator(painter, option, index);
        painter->restore();
        return;
    }
    const QPalette &palette = option.palette;
    const QString role = index.data(TranscriptModel::MessageRoleRole).toString();
    QTextLayout layout;
    const Geometry g = geometry(option, index, layout);
    // Laid out again at the width the text needs, so that centred and right-to-left lines
    // sit inside the bubble drawn around them.
    wrap(layout, g.textWidth);

    const bool selected = option.state.testFlag(QStyle::State_Selected);
    if (selected) {
        QColor tint = palette.color(QPalette::Highlight);
        tint.setAlphaF(0.15f);
        painter->fillRect(option.rect, tint);
    }
    painter->setPen(selected ? QPen(palette.color(QPalette::Highlight), 2) : QPen(Qt::NoPen));
    painter->setBrush(bubbleColour(role, palette));
    const qreal radius = TranscriptModel::isEvent(role) ? g.bubble.height() / 2.0 : Radius;
    painter->drawRoundedRect(QRectF(g.bubble).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);

    painter->setPen(
        TranscriptModel::isEvent(role) ? mutedTextColour(palette) : palette.color(QPalette::Text));
    if (g.hasText)
        layout.draw(painter, g.textOrigin);
    if (!g.attachments.isEmpty()) {
        const QList<AttachmentItem> attachments = attachmentsOf(index);
        for (int i = 0; i < attachments.size() && i < g.attachments.size(); ++i)
            paintAttachment(painter, option, attachments.at(i), g.attachments.at(i),
                bubbleColour(role, palette));
    }

    const QFont small = smallFont(option.font);
    const bool leading = (role == QLatin1String("USER")) == (option.direction == Qt::LeftToRight);
    const int align
        = Qt::TextSingleLine | Qt::AlignVCenter | (leading ? Qt::AlignLeft : Qt::AlignRight);
    if (!g.label.isNull()) {
        painter->setFont(boldFont(small));
        painter->setPen(accentColour(role, palette));
        const QString author = painter->fontMetrics().elidedText(
            index.data(TranscriptModel::AuthorRole).toString(), Qt::ElideRight, g.label.width());
        painter->drawText(g.label, align, author);
    }
    if (!g.sources.isEmpty()) {
        const QList<KnowledgeSource> sources
            = index.data(TranscriptModel::SourcesRole).value<QList<KnowledgeSource>>();
        for (int i = 0; i < sources.size() && i < g.sources.size(); ++i) {
            // A link when it has a web address (it opens in the browser), else plain words.
            const bool link = sources.at(i).url.startsWith(QLatin1String("https://"))
                || sources.at(i).url.startsWith(QLatin1String("http://"));
            QFont font = small;
            font.setUnderline(link);
            painter->setFont(font);
            painter->setPen(link ? palette.color(QPalette::Link) : mutedTextColour(palette));
            painter->drawText(g.sources.at(i), align,
                painter->fontMetrics().elidedText(TranscriptModel::sourceLabel(sources.at(i)),
                    Qt::ElideRight, g.sources.at(i).width()));
        }
    }
    if (!g.translation.isNull()) {
        painter->setFont(italicFont(small));
        painter->setPen(palette.color(QPalette::Text));
        painter->drawText(g.translation,
            Qt::TextWordWrap | (leading ? Qt::AlignLeft : Qt::AlignRight),
            index.data(TranscriptModel::TranslationRole).toString());
    }
    if (!g.meta.isNull()) {
        painter->setFont(small);
        // A reply that did not reach the customer by e-mail must not pass unnoticed.
        const bool mailFailed
            = index.data(TranscriptModel::MailStateRole).toString() == QLatin1String("failed");
        painter->setPen(mailFailed
                ? mix(palette.color(QPalette::Text), QColor(0xdc, 0x26, 0x26), 0.7)
                : mutedTextColour(palette));
        painter->drawText(g.meta, align,
            painter->fontMetrics().elidedText(metaText(index), Qt::ElideRight, g.meta.width()));
    }
    painter->restore();
}

void TranscriptDelegate::paintSeparator(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QFont font = boldFont(smallFont(option.font));
    const QFontMetrics metrics(font);
    const QString label = index.data().toString();
    const QRect band(option.rect.left() + SideMargin, option.rect.top() + GroupSpacing,
        option.rect.width() - 2 * SideMargin, metrics.height());
    const int labelWidth = std::min(advance(font, label), band.width());
    const QRect text(band.center().x() - labelWidth / 2, band.top(), labelWidth, band.height());
    const QColor muted = mutedTextColour(option.palette);
    QColor line = muted;
    line.setAlphaF(0.35f);
    painter->setPen(QPen(line, 1));
    const int y = band.center().y();
    if (text.left() - 8 > band.left())
        painter->drawLine(band.left(), y, text.left() - 8, y);
    if (text.right() + 8 < band.right())
        painter->drawLine(text.right() + 8, y, band.right(), y);
    painter->setFont(font);
    painter->setPen(muted);
    painter->drawText(text, Qt::AlignCenter | Qt::TextSingleLine,
        metrics.elidedText(label, Qt::ElideRight, labelWidth));
}

} // namespace frontline::ui
