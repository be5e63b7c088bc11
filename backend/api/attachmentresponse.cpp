// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachmentresponse.h"

#include <QUrl>

namespace frontline {

QByteArray contentDisposition(const QString &disposition, const QString &filename)
{
    QByteArray ascii;
    for (const QChar c : filename) {
        const char16_t u = c.unicode();
        // The names are cleaned already (media/): this keeps the quoted form plain ASCII.
        ascii.append(u >= 0x20 && u < 0x7f && u != u'"' && u != u'\\' ? char(u) : '_');
    }
    return disposition.toLatin1() + "; filename=\"" + ascii + "\"; filename*=UTF-8''"
        + QUrl::toPercentEncoding(filename);
}

http::Response attachmentResponse(const AttachmentContent &content)
{
    const Attachment &attachment = content.attachment;
    QByteArray type = content.contentType.toLatin1();
    if (type == "text/plain")
        type += "; charset=utf-8";
    http::Response response { http::Status::Ok, type, content.bytes, {} };
    response.setHeader(QByteArrayLiteral("Content-Security-Policy"),
        QByteArrayLiteral("sandbox; default-src 'none'"));
    response.setHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
    response.setHeader(QByteArrayLiteral("Content-Disposition"),
        contentDisposition(
            attachment.isImage() ? QStringLiteral("inline") : QStringLiteral("attachment"),
            attachment.filename));
    response.setHeader(
        QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("private, max-age=86400, immutable"));
    return response;
}

} // namespace frontline
