// SPDX-License-Identifier: GPL-3.0-or-later
#include "errorresponse.h"

#include "http/response.h"

namespace frontline {

int httpStatusOf(DomainError::Kind kind)
{
    switch (kind) {
    case DomainError::Kind::InvalidInput:
        return 400;
    case DomainError::Kind::Unauthorized:
        return 401;
    case DomainError::Kind::Forbidden:
        return 403;
    case DomainError::Kind::NotFound:
        return 404;
    case DomainError::Kind::NotSupported:
        return 405;
    case DomainError::Kind::Conflict:
        return 409;
    case DomainError::Kind::TooLarge:
        return 413;
    case DomainError::Kind::UnsupportedFormat:
        return 415;
    case DomainError::Kind::Gone:
        return 410;
    case DomainError::Kind::Limited:
        return 429;
    case DomainError::Kind::Failed:
        return 500;
    case DomainError::Kind::Unavailable:
        return 503;
    }
    return 500;
}

http::Response errorResponse(const DomainError &error)
{
    QJsonObject details;
    if (!error.field().isEmpty())
        details.insert(QStringLiteral("field"), error.field());
    if (error.retryAfterSeconds() > 0)
        details.insert(QStringLiteral("retryAfterSeconds"), error.retryAfterSeconds());
    http::Response response = http::json(http::errorBody(error.code(), error.message(), details),
        static_cast<http::Status>(httpStatusOf(error.kind())));
    if (error.retryAfterSeconds() > 0)
        response.setHeader(
            QByteArrayLiteral("Retry-After"), QByteArray::number(error.retryAfterSeconds()));
    return response;
}

} // namespace frontline
