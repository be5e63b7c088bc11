// SPDX-License-Identifier: GPL-3.0-or-later
#include "apierror.h"

#include "core/logging.h"
#include "store/storeerror.h"

#include <QCoreApplication>

namespace frontline {

ApiError ApiError::fromStoreError(const StoreError &error)
{
    // Seconds a client should wait before trying again when the database cannot take the request.
    constexpr int RetryAfterSeconds = 2;
    switch (error.kind()) {
    case StoreError::Kind::Unavailable:
        return unavailable(QCoreApplication::translate(
                               "ApiError", "The database is unavailable; try again in a moment."))
            .withRetryAfter(RetryAfterSeconds);
    case StoreError::Kind::Busy: // logged by the store when writes start failing, not per request
        return unavailable(QCoreApplication::translate("ApiError",
                               "The database is busy and did not answer in time; nothing was "
                               "changed. Try again in a few seconds."))
            .withRetryAfter(RetryAfterSeconds);
    case StoreError::Kind::NotFound:
        return notFound(error.message());
    case StoreError::Kind::Conflict:
    case StoreError::Kind::Changed:
        // The database's own words name tables and constraints: they go to the log only.
        qCWarning(lcHttp, "Store conflict: %s", qUtf8Printable(error.message()));
        return { 409, QStringLiteral("conflict"),
            QCoreApplication::translate("ApiError",
                "The change conflicts with one made at the same time and was not "
                "stored; reload and try again.") };
    default:
        qCWarning(lcHttp, "Store failure: %s", qUtf8Printable(error.message()));
        return { 500, QStringLiteral("internal_error"),
            QCoreApplication::translate(
                "ApiError", "Something went wrong on the server; try again.") };
    }
}

} // namespace frontline
