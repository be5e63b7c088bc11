// SPDX-License-Identifier: GPL-3.0-or-later
#include "healthroute.h"

#include "http/responder.h"
#include "http/response.h"
#include "http/router.h"
#include "store/databasehealth.h"

#include <QJsonObject>

namespace frontline {

void addHealthRoute(http::Router &router, DatabaseHealth &health)
{
    // Another method is an unknown route, as it always was.
    router.add({ http::Method::Get, QStringLiteral("/healthz"),
        [&health](const http::Request &, http::Responder &&responder) {
            auto kept = std::make_shared<http::Responder>(std::move(responder));
            health.check([kept](const DatabaseHealth::Report &report) {
                const QString status = !report.reachable ? QStringLiteral("unavailable")
                    : report.writesFailing               ? QStringLiteral("degraded")
                                                         : QStringLiteral("ok");
                const QJsonObject body {
                    { QStringLiteral("status"), status },
                    { QStringLiteral("database"), report.database },
                    { QStringLiteral("schemaVersion"), report.schemaVersion },
                    { QStringLiteral("writes"),
                        report.writesFailing ? QStringLiteral("failing") : QStringLiteral("ok") },
                    { QStringLiteral("version"), QStringLiteral(FRONTLINE_VERSION) },
                };
                kept->answer(http::json(
                    body, report.reachable ? http::Status::Ok : http::Status::ServiceUnavailable));
            });
        } });
}

} // namespace frontline
