// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachmentname.h"

#include <QStringList>

namespace frontline::media {

namespace {

// The extensions of each accepted type; the first is the one given to a name without one.
// Plain text keeps the extensions of text formats that no program runs when opened (a
// ".html" or ".svg" file of plain text would be opened by a browser from disk).
QStringList extensionsOf(const QString &contentType)
{
    if (contentType == QLatin1String("image/png"))
        return { QStringLiteral("png") };
    if (contentType == QLatin1String("image/jpeg"))
        return { QStringLiteral("jpg"), QStringLiteral("jpeg"), QStringLiteral("jpe"),
            QStringLiteral("jfif") };
    if (contentType == QLatin1String("image/gif"))
        return { QStringLiteral("gif") };
    if (contentType == QLatin1String("image/webp"))
        return { QStringLiteral("webp") };
    if (contentType == QLatin1String("application/pdf"))
        return { QStringLiteral("pdf") };
    if (contentType == QLatin1String("text/plain"))
        return { QStringLiteral("txt"), QStringLiteral("log"), QStringLiteral("text"),
            QStringLiteral("csv"), QStringLiteral("tsv"), QStringLiteral("json"),
            QStringLiteral("md"), QStringLiteral("yaml"), QStringLiteral("yml"),
            QStringLiteral("ini"), QStringLiteral("conf"), QStringLiteral("cfg") };
    return {};
}

// The extensions of every accepted type: one of them on a file of another type is replaced.
bool isAcceptedTypeExtension(const QString &extension)
{
    for (const char *type :
        { "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain" }) {
        if (extensionsOf(QLatin1String(type)).contains(extension))
            return true;
    }
    return false;
}

bool isDropped(char32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) // C0 with NUL, DEL, C1
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) // bidi embeddings
        || c == 0x200e || c == 0x200f || c == 0x061c // bidi marks
        || (c >= 0x200b && c <= 0x200d) || c == 0x2060 || c == 0xfeff // zero-width
        || c == 0x2028 || c == 0x2029 // line and paragraph separators
        || c == 0xfff9 || c == 0xfffa || c == 0xfffb // interlinear annotation controls
        || (c >= 0xfdd0 && c <= 0xfdef) || c == 0xfffe || c == 0xffff; // noncharacters
}

bool isTrimmed(QChar c)
{
    return c.isSpace() || c == u'.';
}

QString trimmed(const QString &text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isTrimmed(text.at(begin)))
        ++begin;
    while (end > begin && isTrimmed(text.at(end - 1)))
        --end;
    return text.mid(begin, end - begin);
}

// At most `length` UTF-16 units, never cutting a surrogate pair in two.
QString leftWhole(const QString &text, qsizetype length)
{
    if (text.size() <= length)
        return text;
    if (length > 0 && text.at(length - 1).isHighSurrogate())
        --length;
    return text.left(length);
}

} // namespace

QString cleanAttachmentName(const QString &name, const QString &contentType)
{
    QString kept;
    kept.reserve(name.size());
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        char32_t code = c.unicode();
        if (c.isHighSurrogate() && i + 1 < name.size() && name.at(i + 1).isLowSurrogate()) {
            kept.append(c);
            kept.append(name.at(++i));
            continue;
        }
        if (c.isSurrogate() || isDropped(code))
            continue;
        if (QStringView(u"<>:\"|?*").contains(c))
            code = u'_';
        kept.append(QChar(code));
    }
    const qsizetype slash = std::max(kept.lastIndexOf(u'/'), kept.lastIndexOf(u'\\'));
    QString cleaned = trimmed(kept.mid(slash + 1)).normalized(QString::NormalizationForm_C);

    // The stem and the extension, which is checked against the type.
    QString stem = cleaned;
    QString extension;
    const qsizetype dot = cleaned.lastIndexOf(u'.');
    if (dot > 0) {
        stem = trimmed(cleaned.left(dot));
        extension = cleaned.mid(dot + 1);
    }
    const QStringList extensions = extensionsOf(contentType);
    if (!extensions.isEmpty() && !extensions.contains(extension.toLower())) {
        if (!extension.isEmpty() && !isAcceptedTypeExtension(extension.toLower()))
            stem = stem + u'.' + extension; // kept, and the type's appended
        extension = extensions.first();
    }
    if (stem.isEmpty())
        stem = QStringLiteral("attachment");
    if (extension.isEmpty())
        return trimmed(leftWhole(stem, MaxAttachmentNameLength));
    // A name too long loses the end of its stem, not its extension (unless the extension
    // itself is too long: an extension no type has, kept as it was sent).
    const qsizetype room = MaxAttachmentNameLength - 1 - extension.size();
    QString shortStem = trimmed(leftWhole(stem, std::max<qsizetype>(room, 1)));
    if (shortStem.isEmpty())
        shortStem = QStringLiteral("attachment");
    const QString whole = trimmed(leftWhole(shortStem + u'.' + extension, MaxAttachmentNameLength));
    return whole.isEmpty() ? QStringLiteral("attachment") : whole;
}

} // namespace frontline::media
