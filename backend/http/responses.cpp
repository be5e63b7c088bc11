// SPDX-License-Identifier: GPL-3.0-or-later
#include "responses.h"

#include <QJsonDocument>

namespace frontline::http {

void addCommonHeaders(QHttpServerResponse &response)
{
    response.setHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
}

QHttpServerResponse json(const QJsonObject &body, QHttpServerResponse::StatusCode status)
{
    QHttpServerResponse response(QByteArrayLiteral("application/json"),
                                 QJsonDocument(body).toJson(QJsonDocument::Compact), status);
    addCommonHeaders(response);
    return response;
}

QHttpServerResponse error(QHttpServerResponse::StatusCode status, const QString &code,
                          const QString &message)
{
    return json({{QStringLiteral("error"),
                  QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}},
                status);
}

} // namespace frontline::http
