// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgetconfigroute.h"

#include "domain/domainerror.h"
#include "errorresponse.h"
#include "http/frameancestors.h"
#include "http/responder.h"
#include "http/response.h"
#include "http/router.h"
#include "media/attachmentinspector.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace frontline {

namespace {

// The widget runs on other sites' pages: every answer, an error too, must be readable there.
void allowEveryOrigin(http::Response &response)
{
    response.setHeader(QByteArrayLiteral("Access-Control-Allow-Origin"), QByteArrayLiteral("*"));
}

http::Response widgetConfig(const http::FrameAncestors &frameAncestors, qint64 maxAttachmentBytes,
    const http::Request &request)
{
    const QUrlQuery query = request.query();
    const QString name = QStringLiteral("origin");
    const QString origin = query.queryItemValue(name, QUrl::FullyDecoded);
    if (origin.isEmpty())
        throw DomainError::invalidInput(name,
            QCoreApplication::translate("WidgetConfigRoute",
                "is required: the origin of the page showing the widget, such as "
                "https://shop.example."));
    QString normalized = origin;
    if (origin != QLatin1String("null")) {
        const auto parsed = http::FrameAncestors::normalizedOrigin(origin);
        if (!parsed)
            throw DomainError::invalidInput(name,
                QCoreApplication::translate("WidgetConfigRoute",
                    "must be an origin such as https://shop.example: a scheme, a host and "
                    "perhaps a port, as the page's window.location.origin gives it."));
        normalized = *parsed;
    }
    // What the page accepts before it uploads (the server decides from the bytes all the same).
    const QJsonObject attachments { { QStringLiteral("maxBytes"), maxAttachmentBytes },
        { QStringLiteral("accept"),
            QJsonArray::fromStringList(media::acceptedAttachmentTypes()) } };
    http::Response response = http::json(
        { { name, normalized }, { QStringLiteral("embeddable"), frameAncestors.allows(normalized) },
            { QStringLiteral("attachments"), attachments } });
    // The same answer for everyone asking about this origin until the server restarts with
    // another list: a host page's later loads need not ask again for a while.
    response.setHeader(
        QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("public, max-age=300"));
    return response;
}

} // namespace

void addWidgetConfigRoute(
    http::Router &router, const http::FrameAncestors &frameAncestors, qint64 maxAttachmentBytes)
{
    router.add({ http::Method::Get, QStringLiteral("/api/chat/widget-config"),
                   [frameAncestors, maxAttachmentBytes](
                       const http::Request &request, http::Responder &&responder) {
                       http::Response response;
                       try {
                           response = widgetConfig(frameAncestors, maxAttachmentBytes, request);
                       } catch (const DomainError &error) {
                           response = errorResponse(error);
                       }
                       allowEveryOrigin(response);
                       responder.answer(response);
                   } },
        [](const http::Request &, http::Responder &&responder, http::Method) {
            // A simple GET needs no preflight: another method, OPTIONS too, is a mistake.
            http::Response response = errorResponse(
                DomainError(DomainError::Kind::NotSupported, QStringLiteral("method_not_allowed"),
                    // The customer API's own words, translated already.
                    QCoreApplication::translate("ChatRoutes", "Use %1 for this route.")
                        .arg(http::methodName(http::Method::Get))));
            response.setHeader(QByteArrayLiteral("Allow"), QByteArrayLiteral("GET"));
            allowEveryOrigin(response);
            responder.answer(response);
        });
}

} // namespace frontline
