// SPDX-License-Identifier: GPL-3.0-or-later
#include "response.h"

#include <QJsonDocument>

namespace frontline::http {

void Response::setHeader(const QByteArray &name, const QByteArray &value)
{
    headers.removeIf([&name](const auto &header) {
        return header.first.compare(name, Qt::CaseInsensitive) == 0;
    });
    headers.append({ name, value });
}

HeaderList commonHeaders()
{
    return { { QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff") },
        { QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store") } };
}

Response json(const QJsonObject &body, Status status)
{
    return { status, QByteArrayLiteral("application/json"),
        QJsonDocument(body).toJson(QJsonDocument::Compact), {} };
}

QJsonObject errorBody(const QString &code, const QString &message, QJsonObject details)
{
    details.insert(QStringLiteral("code"), code);
    details.insert(QStringLiteral("message"), message);
    return { { QStringLiteral("error"), details } };
}

Response error(Status status, const QString &code, const QString &message)
{
    return json(errorBody(code, message), status);
}

} // namespace frontline::http
