// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHttpServerResponse>
#include <QJsonObject>

namespace frontline::http {

// Every answer goes through here, whether a route returns it or writes it to a responder
// later (QHttpServer 6.4's afterRequest sees only the former), so the common headers are
// applied in one place.
void addCommonHeaders(QHttpServerResponse &response);

QHttpServerResponse json(const QJsonObject &body,
    QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::Ok);

// {"error":{"code":code,"message":message,...details}}: the shape of every error answer, the
// API's and the listener's own.
QJsonObject errorBody(const QString &code, const QString &message, QJsonObject details = {});

// That body with `status`.
QHttpServerResponse error(
    QHttpServerResponse::StatusCode status, const QString &code, const QString &message);

} // namespace frontline::http
