// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachmentinspector.h"

#include "core/translations.h"
#include "domain/domainerror.h"

#include <QBuffer>
#include <QColorSpace>
#include <QCoreApplication>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QMimeDatabase>
#include <QMutex>
#include <QStringDecoder>

#include <algorithm>
#include <limits>

namespace frontline::media {

namespace {

constexpr qint64 MiB = 1024 * 1024;
constexpr int JpegQuality = 90;
constexpr int ThumbnailJpegQuality = 80;

// A refusal's sentence in the language asked for (the customer's), else the server's.
QString refusal(const QString &language, const char *sentence)
{
    return translateFor(language, "AttachmentInspector", sentence);
}

QString formatMiB(qint64 bytes)
{
    return QString::number(static_cast<double>(bytes) / static_cast<double>(MiB), 'g', 3);
}

[[noreturn]] void refuseType(const QString &what, const InspectionLimits &limits)
{
    throw DomainError(DomainError::Kind::UnsupportedFormat,
        QStringLiteral("unsupported_attachment"),
        refusal(limits.language,
            QT_TRANSLATE_NOOP("AttachmentInspector",
                "Frontline accepts images (PNG, JPEG, GIF, WebP), PDF and plain text files; this "
                "file "
                "is of another type (%1)."))
            .arg(what));
}

[[noreturn]] void refuseImage(const InspectionLimits &limits)
{
    throw DomainError(DomainError::Kind::InvalidInput, QStringLiteral("invalid_image"),
        refusal(limits.language,
            QT_TRANSLATE_NOOP("AttachmentInspector",
                "This image cannot be read: it is damaged or incomplete. Send it again, or send "
                "another image.")));
}

[[noreturn]] void refuseLargeImage(const InspectionLimits &limits)
{
    throw DomainError(DomainError::Kind::InvalidInput, QStringLiteral("image_too_large"),
        refusal(limits.language,
            QT_TRANSLATE_NOOP("AttachmentInspector",
                "This image has too many pixels: Frontline accepts images of at most %1 megapixels "
                "and %2 pixels a side. Send a smaller image."))
            .arg(QString::number(static_cast<double>(limits.maxPixels) / 1e6, 'g', 3))
            .arg(limits.maxSide));
}

bool isOverLimits(int width, int height, const InspectionLimits &limits)
{
    return width > limits.maxSide || height > limits.maxSide
        || qint64(width) * qint64(height) > limits.maxPixels;
}

quint32 bigEndian32(const QByteArray &data, qsizetype at)
{
    const auto byte = [&](qsizetype i) { return quint32(static_cast<quint8>(data.at(at + i))); };
    return (byte(0) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3);
}

quint16 bigEndian16(const QByteArray &data, qsizetype at)
{
    return quint16((static_cast<quint8>(data.at(at)) << 8) | static_cast<quint8>(data.at(at + 1)));
}

// A PNG is whole when its chunks run, each within the data, up to IEND. (Qt's reader
// refuses a truncated PNG by itself; this makes it explicit, and cheap.)
bool isWholePng(const QByteArray &data)
{
    qsizetype at = 8; // the signature
    while (at + 12 <= data.size()) {
        const quint32 length = bigEndian32(data, at);
        if (length > 0x7fffffffU || qint64(length) > data.size() - at - 12)
            return false;
        if (data.mid(at + 4, 4) == "IEND")
            return true;
        at += 12 + qsizetype(length);
    }
    return false;
}

// A JPEG is whole when its segments, and the entropy-coded data after each start of scan,
// run up to the end-of-image marker (FF D9). Qt's JPEG reader returns a truncated file as a
// whole image, its missing rows grey: this refuses it. Bytes after EOI (a ZIP or HTML
// appended) are not looked at: they are not part of the image, and re-encoding drops them.
bool isWholeJpeg(const QByteArray &data)
{
    const auto byteAt = [&](qsizetype i) { return static_cast<quint8>(data.at(i)); };
    qsizetype at = 2; // SOI
    const qsizetype size = data.size();
    while (at < size) {
        // To the next marker: libjpeg skips stray bytes between segments, so does this.
        while (at < size && byteAt(at) != 0xff)
            ++at;
        while (at < size && byteAt(at) == 0xff)
            ++at;
        if (at >= size)
            return false;
        const quint8 marker = byteAt(at++);
        if (marker == 0xd9)
            return true;
        if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0x00)
            continue; // no length
        if (at + 2 > size)
            return false;
        const quint16 length = bigEndian16(data, at);
        if (length < 2 || at + length > size)
            return false;
        at += length;
        if (marker != 0xda)
            continue;
        // Entropy-coded data: FF is followed by 00 (a stuffed byte), a restart marker, or
        // the next marker.
        while (at + 1 < size) {
            if (byteAt(at) != 0xff) {
                ++at;
                continue;
            }
            const quint8 next = byteAt(at + 1);
            if (next == 0x00 || (next >= 0xd0 && next <= 0xd7))
                at += 2;
            else if (next == 0xff)
                ++at;
            else
                break;
        }
        if (at + 1 >= size)
            return false;
    }
    return false;
}

// A GIF's first image is whole when the blocks up to it, and its own data, are within the
// bytes. Qt's GIF reader returns a truncated image with its missing rows blank: this refuses
// it. Only the first image is kept, so what follows it is not looked at.
bool isWholeGif(const QByteArray &data)
{
    const auto byteAt = [&](qsizetype i) { return static_cast<quint8>(data.at(i)); };
    const qsizetype size = data.size();
    const auto skipTable = [&](qsizetype at, quint8 flags) {
        return (flags & 0x80) ? at + 3 * (qsizetype(1) << ((flags & 0x07) + 1)) : at;
    };
    const auto skipSubBlocks = [&](qsizetype at) -> qsizetype {
        while (at < size) {
            const quint8 length = byteAt(at);
            if (length == 0)
                return at + 1;
            at += 1 + length;
        }
        return -1;
    };
    if (size < 13)
        return false;
    qsizetype at = skipTable(13, byteAt(10));
    while (at < size) {
        const quint8 block = byteAt(at);
        if (block == 0x21) { // an extension: its label, then sub-blocks
            at = at + 2 > size ? -1 : skipSubBlocks(at + 2);
        } else if (block == 0x2c) { // the first image: descriptor, table, code size, data
            if (at + 10 > size)
                return false;
            at = skipTable(at + 10, byteAt(at + 9)) + 1;
            return at <= size && skipSubBlocks(at) > 0;
        } else {
            return false; // the trailer, or anything else, before any image
        }
        if (at < 0)
            return false;
    }
    return false;
}

bool isUtf8TextWithoutNul(const QByteArray &data)
{
    if (data.contains('\0'))
        return false;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(data);
    return !decoder.hasError();
}

// The decoder's memory bound is one setting for the whole process (a static of QImageReader):
// decodes are serialized, each under the bound its limits give, and the previous bound is put
// back after.
QMutex &decodeMutex()
{
    static QMutex mutex;
    return mutex;
}

class AllocationLimit
{
public:
    explicit AllocationLimit(const InspectionLimits &limits)
        : m_previous(QImageReader::allocationLimit())
    {
        const qint64 mib = (std::max<qint64>(limits.maxPixels, 1) * 4 + MiB - 1) / MiB;
        QImageReader::setAllocationLimit(
            int(std::min<qint64>(mib, std::numeric_limits<int>::max())));
    }
    ~AllocationLimit() { QImageReader::setAllocationLimit(m_previous); }
    Q_DISABLE_COPY_MOVE(AllocationLimit)

private:
    int m_previous;
};

QImage decode(const QByteArray &data, const QByteArray &format, const InspectionLimits &limits)
{
    QBuffer buffer;
    buffer.setData(data);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, format);
    reader.setDecideFormatFromContent(false);
    // The EXIF orientation is applied to the pixels, since the EXIF itself is dropped.
    reader.setAutoTransform(true);
    if (!reader.canRead())
        refuseImage(limits);
    // The header's dimensions, before anything is decoded: a decompression bomb stops here.
    const QSize declared = reader.size();
    if (!declared.isValid() || declared.width() <= 0 || declared.height() <= 0)
        refuseImage(limits);
    if (isOverLimits(declared.width(), declared.height(), limits))
        refuseLargeImage(limits);

    QMutexLocker locker(&decodeMutex());
    const AllocationLimit bound(limits);
    // An animated GIF or WebP gives its first frame.
    QImage image = reader.read();
    if (image.isNull())
        refuseImage(limits);
    if (isOverLimits(image.width(), image.height(), limits))
        refuseLargeImage(limits);
    return image;
}

// The decoded image in 8-bit RGB (with alpha when it has it) and sRGB, in place.
void normalize(QImage &image, const InspectionLimits &limits)
{
    const QImage::Format format
        = image.hasAlphaChannel() ? QImage::Format_ARGB32 : QImage::Format_RGB32;
    image.convertTo(format);
    if (image.colorSpace().isValid() && image.colorSpace() != QColorSpace::SRgb)
        image.convertToColorSpace(QColorSpace::SRgb);
    if (image.isNull() || image.format() != format) {
        throw DomainError(DomainError::Kind::Failed, QStringLiteral("image_failed"),
            refusal(limits.language,
                QT_TRANSLATE_NOOP("AttachmentInspector",
                    "The server ran out of memory for this image. Try again later.")));
    }
}

// The pixels alone, as a new QImage over the buffer of `image` (which must outlive it, and is
// not copied): nothing the file carried besides its pixels (EXIF, GPS, comments, text chunks,
// an ICC profile, the resolution) reaches the writer, which would write QImage::text() back.
QImage pixelsOnly(const QImage &image)
{
    return QImage(
        image.constBits(), image.width(), image.height(), image.bytesPerLine(), image.format());
}

QByteArray encode(
    const QImage &image, const char *format, int quality, const InspectionLimits &limits)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (quality >= 0)
        writer.setQuality(quality);
    if (!writer.write(image))
        throw DomainError(DomainError::Kind::Failed, QStringLiteral("image_failed"),
            refusal(limits.language,
                QT_TRANSLATE_NOOP("AttachmentInspector",
                    "The server could not store this image. Try again later.")));
    return bytes;
}

void inspectImage(InspectedFile &file, const QByteArray &data, const QString &type,
    const InspectionLimits &limits)
{
    const QByteArray format = type.mid(type.indexOf(u'/') + 1).toLatin1();
    if (!QImageReader::supportedImageFormats().contains(format)) {
        throw DomainError(DomainError::Kind::UnsupportedFormat,
            QStringLiteral("unsupported_attachment"),
            refusal(limits.language,
                QT_TRANSLATE_NOOP("AttachmentInspector",
                    "This server cannot read %1 images: send the image as PNG or JPEG."))
                .arg(QString::fromLatin1(format.toUpper())));
    }
    if ((format == "png" && !isWholePng(data)) || (format == "jpeg" && !isWholeJpeg(data))
        || (format == "gif" && !isWholeGif(data)))
        refuseImage(limits);
    QImage decoded = decode(data, format, limits);
    normalize(decoded, limits);
    const QImage image = pixelsOnly(decoded);

    // A JPEG stays a JPEG (a photo as PNG would be several times larger); the others become
    // PNG, which keeps them exact (GIF and WebP are not written by Qt, or not everywhere).
    const bool jpeg = format == "jpeg";
    file.bytes
        = jpeg ? encode(image, "jpeg", JpegQuality, limits) : encode(image, "png", -1, limits);
    file.contentType = jpeg ? QStringLiteral("image/jpeg") : QStringLiteral("image/png");
    file.width = image.width();
    file.height = image.height();

    const int side = std::max(1, limits.thumbnailSide);
    QImage thumbnail = image;
    if (image.width() > side || image.height() > side) {
        const bool wide = image.width() >= image.height();
        const qint64 other = wide ? qint64(image.height()) * side / image.width()
                                  : qint64(image.width()) * side / image.height();
        const int shortSide = int(std::max<qint64>(other, 1));
        thumbnail = image.scaled(wide ? side : shortSide, wide ? shortSide : side,
            Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    }
    const bool alpha = thumbnail.hasAlphaChannel();
    file.thumbnail = alpha ? encode(thumbnail, "png", -1, limits)
                           : encode(thumbnail, "jpeg", ThumbnailJpegQuality, limits);
    file.thumbnailType = alpha ? QStringLiteral("image/png") : QStringLiteral("image/jpeg");
}

} // namespace

InspectedFile inspectAttachment(
    const QByteArray &data, const QString &declaredName, const InspectionLimits &limits)
{
    if (data.isEmpty()) {
        throw DomainError(DomainError::Kind::InvalidInput, QStringLiteral("empty_attachment"),
            refusal(limits.language,
                QT_TRANSLATE_NOOP("AttachmentInspector",
                    "This file is empty: choose a file that has something in it.")));
    }
    if (data.size() > limits.maxBytes) {
        throw DomainError(DomainError::Kind::TooLarge, QStringLiteral("attachment_too_large"),
            refusal(limits.language,
                QT_TRANSLATE_NOOP("AttachmentInspector",
                    "This file is larger than %1 MiB, the most Frontline accepts: send a smaller "
                    "file."))
                .arg(formatMiB(limits.maxBytes)));
    }

    // The bytes alone say what the file is: the name and any declared type are not asked.
    static const QMimeDatabase database;
    const QMimeType sniffed = database.mimeTypeForData(data);
    const QString type = sniffed.name();

    InspectedFile file;
    if (type == QLatin1String("image/png") || type == QLatin1String("image/jpeg")
        || type == QLatin1String("image/gif") || type == QLatin1String("image/webp")) {
        inspectImage(file, data, type, limits);
    } else if (type == QLatin1String("application/pdf")) {
        file.bytes = data;
        file.contentType = type;
    } else if (type == QLatin1String("text/plain") || type.startsWith(u"text/x-log")) {
        if (!isUtf8TextWithoutNul(data)) {
            throw DomainError(DomainError::Kind::UnsupportedFormat,
                QStringLiteral("unsupported_attachment"),
                refusal(limits.language,
                    QT_TRANSLATE_NOOP("AttachmentInspector",
                        "Frontline accepts images (PNG, JPEG, GIF, WebP), PDF and plain text "
                        "files; "
                        "this text is not in UTF-8: save it as UTF-8 and send it again.")));
        }
        file.bytes = data;
        file.contentType = QStringLiteral("text/plain");
    } else {
        refuseType(sniffed.comment().isEmpty() ? type : sniffed.comment(), limits);
    }
    file.filename = cleanAttachmentName(declaredName, file.contentType);
    return file;
}

} // namespace frontline::media

namespace frontline::media {

QStringList acceptedAttachmentTypes()
{
    return { QStringLiteral("image/png"), QStringLiteral("image/jpeg"), QStringLiteral("image/gif"),
        QStringLiteral("image/webp"), QStringLiteral("application/pdf"),
        QStringLiteral("text/plain") };
}

} // namespace frontline::media
