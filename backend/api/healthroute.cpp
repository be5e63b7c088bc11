// SPDX-License-Identifier: GPL-3.0-or-later
#include "healthroute.h"

#include "core/clock.h"
#include "http/response.h"
#include "http/router.h"
#include "store/store.h"
#include "store/storeerror.h"

#include <QDateTime>

namespace frontline {

namespace {

constexpr qint64 RecheckAfterMs = 1000;

// The database's last answer to the health check, kept for a second.
struct LastCheck
{
    QDateTime at; // invalid: never asked
    bool reachable = false;
    int schemaVersion = 0; // while the database is unreachable: the last version seen
};

} // namespace

void addHealthRoute(http::Router &router, Store &store, std::shared_ptr<const Clock> clock)
{
    auto last = std::make_shared<LastCheck>();
    // Another method is an unknown route, as it always was.
    router.add({ http::Method::Get, QStringLiteral("/healthz"),
        [&store, clock, last](const http::Request &, http::Responder &&responder) {
            const QDateTime now = clock->now();
            if (!last->at.isValid() || last->at.msecsTo(now) >= RecheckAfterMs || last->at > now) {
                last->reachable = store.isHealthy();
                if (last->reachable) {
                    try {
                        last->schemaVersion = store.schemaVersion();
                    } catch (const StoreError &) {
                        last->reachable = false;
                    }
                }
                last->at = now;
            }
            const bool writesFailing = store.writesFailing(); // known without asking the database
            const QString status = !last->reachable ? QStringLiteral("unavailable")
                : writesFailing                     ? QStringLiteral("degraded")
                                                    : QStringLiteral("ok");
            const QJsonObject body {
                { QStringLiteral("status"), status },
                { QStringLiteral("database"), store.dialectName() },
                { QStringLiteral("schemaVersion"), last->schemaVersion },
                { QStringLiteral("writes"),
                    writesFailing ? QStringLiteral("failing") : QStringLiteral("ok") },
                { QStringLiteral("version"), QStringLiteral(FRONTLINE_VERSION) },
            };
            responder.answer(http::json(
                body, last->reachable ? http::Status::Ok : http::Status::ServiceUnavailable));
        } });
}

} // namespace frontline
