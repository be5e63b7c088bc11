// SPDX-License-Identifier: GPL-3.0-or-later
#include "availabilityroute.h"

#include "chat/teamavailability.h"
#include "domain/domainerror.h"
#include "errorresponse.h"
#include "http/responder.h"
#include "http/response.h"
#include "http/router.h"
#include "jsoncodec.h"
#include "settings/runtimesettings.h"

#include <QCoreApplication>

namespace frontline {

namespace {

// The chat page may run in a frame on another site: every answer must be readable there.
void allowEveryOrigin(http::Response &response)
{
    response.setHeader(QByteArrayLiteral("Access-Control-Allow-Origin"), QByteArrayLiteral("*"));
}

} // namespace

void addAvailabilityRoute(http::Router &router, const TeamAvailability &availability,
    const RuntimeSettings &settings, bool emailOffered)
{
    router.add(
        { http::Method::Get, QStringLiteral("/api/chat/availability"),
            [&availability, &settings, emailOffered](
                const http::Request &, http::Responder &&responder) {
                http::Response response = http::json(
                    { { QStringLiteral("availability"), json::availability(availability.now()) },
                        { QStringLiteral("email"), emailOffered },
                        { QStringLiteral("preChat"), settings.values().preChat.toJson() } });
                // Agents come and go, hours open and close: never an old answer.
                response.setHeader(
                    QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
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
