// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any bytes as an uploaded file, and as its name. Inspection either accepts
// the file, as one of the accepted types with what that type promises (an image that decodes
// to its stated size, a thumbnail within its side, text in UTF-8), or throws DomainError with
// one of the refusal codes and a 4xx status; nothing else escapes. The cleaned name is never
// empty, has no path, control or bidi character, and cleaning it again changes nothing.
#include "api/errorresponse.h"
#include "media/attachmentinspector.h"

#include <QCoreApplication>
#include <QImage>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

const QStringList &acceptedTypes()
{
    static const QStringList types { QStringLiteral("image/png"), QStringLiteral("image/jpeg"),
        QStringLiteral("application/pdf"), QStringLiteral("text/plain") };
    return types;
}

void checkName(const QString &name, const QString &type)
{
    const QString cleaned = frontline::media::cleanAttachmentName(name, type);
    if (cleaned.isEmpty() || cleaned.size() > frontline::media::MaxAttachmentNameLength)
        std::abort();
    for (const QChar c : cleaned) {
        const char16_t u = c.unicode();
        const bool control = u < 0x20 || (u >= 0x7f && u <= 0x9f);
        const bool bidi = (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069)
            || u == 0x200e || u == 0x200f || u == 0x061c;
        if (control || bidi || u == u'/' || u == u'\\')
            std::abort();
    }
    if (frontline::media::cleanAttachmentName(cleaned, type) != cleaned)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    // The image readers of plugins (JPEG, GIF, WebP) are found through the application.
    static QCoreApplication application(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const QString asName = QString::fromUtf8(bytes);
    for (const QString &type : acceptedTypes())
        checkName(asName, type);
    checkName(asName, QString());

    // Smaller image limits than a server's, so that each run stays fast; the rules are the same.
    frontline::media::InspectionLimits limits;
    limits.maxBytes = 1024 * 1024;
    limits.maxPixels = 4'000'000;
    limits.maxSide = 4000;
    limits.thumbnailSide = 64;
    try {
        const frontline::media::InspectedFile file
            = frontline::media::inspectAttachment(bytes, asName.left(200), limits);
        if (!acceptedTypes().contains(file.contentType) || file.bytes.isEmpty()
            || file.filename.isEmpty())
            std::abort();
        if (file.contentType.startsWith(u"image/")) {
            const QImage image = QImage::fromData(file.bytes);
            const QImage thumbnail = QImage::fromData(file.thumbnail);
            if (image.isNull() || image.width() != file.width || image.height() != file.height
                || file.width > limits.maxSide || file.height > limits.maxSide || thumbnail.isNull()
                || thumbnail.width() > limits.thumbnailSide
                || thumbnail.height() > limits.thumbnailSide || !image.textKeys().isEmpty())
                std::abort();
        } else if (file.bytes != bytes || file.width != 0 || !file.thumbnail.isEmpty()) {
            std::abort();
        }
    } catch (const frontline::DomainError &error) {
        static const QStringList codes { QStringLiteral("empty_attachment"),
            QStringLiteral("attachment_too_large"), QStringLiteral("unsupported_attachment"),
            QStringLiteral("image_too_large"), QStringLiteral("invalid_image") };
        const int status = frontline::httpStatusOf(error.kind());
        if (!codes.contains(error.code()) || status < 400 || status > 499
            || error.message().isEmpty())
            std::abort();
    }
    return 0;
}
