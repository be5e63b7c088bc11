// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>

#include <utility>

namespace frontline::http {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

// The statuses Frontline answers with by name; any other code converts to it.
enum class Status {
    Ok = 200,
    Created = 201,
    Accepted = 202,
    NoContent = 204,
    NotModified = 304,
    NotFound = 404,
    MethodNotAllowed = 405,
    ServiceUnavailable = 503,
};

// An answer before it is written: Frontline's own type, so that code above http/ does not
// depend on QtHttpServer. The Responder writes it, with the common headers.
struct Response
{
    Status status = Status::Ok;
    QByteArray contentType; // empty with an empty body: no content
    QByteArray body;
    HeaderList headers;

    // Replaces a header of the same name (in any case).
    void setHeader(const QByteArray &name, const QByteArray &value);
};

// The headers of every answer, event streams included; a response's own headers of the same
// name replace them (a web page is revalidated rather than never stored, say).
HeaderList commonHeaders();

Response json(const QJsonObject &body, Status status = Status::Ok);

// {"error":{"code":code,"message":message,...details}}: the shape of every error answer, the
// API's and the listener's own.
QJsonObject errorBody(const QString &code, const QString &message, QJsonObject details = {});

// That body with `status`.
Response error(Status status, const QString &code, const QString &message);

} // namespace frontline::http
