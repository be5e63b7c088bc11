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

Response error(Status status, const QString &code, const QString &message)
{
    return json({ { QStringLiteral("error"),
                    QJsonObject { { QStringLiteral("code"), code },
                        { QStringLiteral("message"), message } } } },
        status);
}

} // namespace frontline::http
