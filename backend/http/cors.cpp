// SPDX-License-Identifier: GPL-3.0-or-later
#include "cors.h"

#include "request.h"

namespace frontline::http {

Cors::Cors(QStringList allowedOrigins)
    : m_allowedOrigins(std::move(allowedOrigins))
{
}

bool Cors::isAllowed(const QByteArray &origin) const
{
    if (origin.isEmpty())
        return false;
    return m_allowedOrigins.contains(QStringLiteral("*"))
        || m_allowedOrigins.contains(QString::fromLatin1(origin), Qt::CaseInsensitive);
}

QList<std::pair<QByteArray, QByteArray>> Cors::headersFor(const Request &request) const
{
    const QByteArray origin = request.header(QByteArrayLiteral("Origin"));
    if (!isAllowed(origin))
        return {};
    return { { QByteArrayLiteral("Access-Control-Allow-Origin"), origin },
        { QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin") },
        { QByteArrayLiteral("Access-Control-Expose-Headers"),
            QByteArrayLiteral(
                "Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset") } };
}

QList<std::pair<QByteArray, QByteArray>> Cors::preflightHeaders(const Request &request) const
{
    auto headers = headersFor(request);
    if (headers.isEmpty())
        return headers;
    headers.append({ QByteArrayLiteral("Access-Control-Allow-Methods"),
        QByteArrayLiteral("GET, POST, OPTIONS") });
    headers.append({ QByteArrayLiteral("Access-Control-Allow-Headers"),
        QByteArrayLiteral("Authorization, Content-Type, Last-Event-ID") });
    headers.append({ QByteArrayLiteral("Access-Control-Max-Age"), QByteArrayLiteral("600") });
    return headers;
}

} // namespace frontline::http
