// SPDX-License-Identifier: GPL-3.0-or-later
#include "storeerrormapping.h"

#include "core/logging.h"
#include "storeerror.h"

#include <QCoreApplication>

namespace frontline {

DomainError toDomainError(const StoreError &error)
{
    // Seconds a client should wait before trying again when the database cannot take the request.
    constexpr int RetryAfterSeconds = 2;
    switch (error.kind()) {
    case StoreError::Kind::Unavailable:
        return DomainError(DomainError::Kind::Unavailable, QStringLiteral("unavailable"),
            QCoreApplication::translate(
                "StoreError", "The database is unavailable; try again in a moment."))
            .withRetryAfter(RetryAfterSeconds);
    case StoreError::Kind::Busy: // logged by the store when writes start failing, not per request
        return DomainError(DomainError::Kind::Unavailable, QStringLiteral("unavailable"),
            QCoreApplication::translate("StoreError",
                "The database is busy and did not answer in time; nothing was "
                "changed. Try again in a few seconds."))
            .withRetryAfter(RetryAfterSeconds);
    case StoreError::Kind::NotFound:
        return DomainError::notFound(error.message());
    case StoreError::Kind::Conflict:
    case StoreError::Kind::Changed:
        qCWarning(lcStore, "Store conflict: %s", qUtf8Printable(error.message()));
        return DomainError::conflict(QStringLiteral("conflict"),
            QCoreApplication::translate("StoreError",
                "The change conflicts with one made at the same time and was not "
                "stored; reload and try again."));
    default:
        qCWarning(lcStore, "Store failure: %s", qUtf8Printable(error.message()));
        return DomainError(DomainError::Kind::Failed, QStringLiteral("internal_error"),
            QCoreApplication::translate(
                "StoreError", "Something went wrong on the server; try again."));
    }
}

} // namespace frontline
