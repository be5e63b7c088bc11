// SPDX-License-Identifier: GPL-3.0-or-later
#include "apierror.h"

#include "core/logging.h"
#include "store/storeerror.h"
#include <QCoreApplication>

namespace frontline {

ApiError ApiError::fromStoreError(const StoreError &error)
{
    switch (error.kind()) {
    case StoreError::Kind::Unavailable:
        return unavailable(QCoreApplication::translate("ApiError", "The database is unavailable; try again in a moment."));
    case StoreError::Kind::NotFound:
        return notFound(error.message());
    case StoreError::Kind::Conflict:
        return {409, QStringLiteral("conflict"), error.message()};
    default:
        qCWarning(lcHttp, "Store failure: %s", qUtf8Printable(error.message()));
        return {500, QStringLiteral("internal_error"), QCoreApplication::translate("ApiError", "Something went wrong on the server; try again.")};
    }
}

} // namespace frontline
