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

QJsonObject errorBody(const QString &code, const QString &message, QJsonObject details)
{
    details.insert(QStringLiteral("code"), code);
    details.insert(QStringLiteral("message"), message);
    return { { QStringLiteral("error"), details } };
}

QHttpServerResponse error(
    QHttpServerResponse::StatusCode status, const QString &code, const QString &message)
{
    return json(errorBody(code, message), status);
}

} // namespace frontline::http
