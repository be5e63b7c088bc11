// SPDX-License-Identifier: GPL-3.0-or-later
#include "healthroute.h"

#include "http/responses.h"
#include "store/store.h"
#include "store/storeerror.h"

#include <QHttpServer>
#include <memory>

namespace frontline {

void registerHealthRoute(QHttpServer &server, Store &store)
{
    // While the database is unreachable the answer keeps the shape, with the last version seen.
    auto lastSchemaVersion = std::make_shared<int>(0);
    server.route(QStringLiteral("/healthz"), QHttpServerRequest::Method::Get,
                 [&store, lastSchemaVersion] {
        bool healthy = store.isHealthy();
        if (healthy) {
            try {
                *lastSchemaVersion = store.schemaVersion();
            } catch (const StoreError &) {
                healthy = false;
            }
        }
        const int schemaVersion = *lastSchemaVersion;
        const QJsonObject body{
            {QStringLiteral("status"), healthy ? QStringLiteral("ok") : QStringLiteral("unavailable")},
            {QStringLiteral("database"), store.dialectName()},
            {QStringLiteral("schemaVersion"), schemaVersion},
            {QStringLiteral("version"), QStringLiteral(FRONTLINE_VERSION)},
        };
        return http::json(body, healthy ? QHttpServerResponse::StatusCode::Ok
                                        : QHttpServerResponse::StatusCode::ServiceUnavailable);
    });
}

} // namespace frontline
