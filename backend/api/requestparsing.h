// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

#include <optional>

namespace frontline {

namespace http {
class Request;
}

// Reading what API clients send. Each function throws DomainError with a message that names the
// field and says what is expected.

// The token of "Authorization: Bearer <token>", or empty.
QString bearerToken(const http::Request &request);
// The body as a JSON object; an empty body is {}. 413, 415 or 400 otherwise.
QJsonObject jsonBody(const http::Request &request, qsizetype maxBodyBytes);
// The same from the body and its Content-Type, without a request (for tests and fuzzing).
QJsonObject decodeJsonBody(
    const QByteArray &body, const QByteArray &contentType, qsizetype maxBodyBytes);
// A string field: absent or null gives an empty string; any other type is refused.
QString stringField(const QJsonObject &body, const QString &name, bool required, int maxLength);
// An optional time in Unix seconds (a whole JSON number, as JavaScript's Date gives it / 1000).
std::optional<qint64> unixSecondsField(const QJsonObject &body, const QString &name);
// The optional "clientMessageId": 1 to 100 URL-safe characters.
QString clientMessageId(const QJsonObject &body);
// The optional "attachments" of a message: the ids of files uploaded to its session (at most
// MaxAttachmentsPerMessage strings; the session's own is checked later).
QStringList attachmentIds(const QJsonObject &body);
// A query parameter as text, decoded: absent gives an empty string.
QString stringParameter(const QUrlQuery &query, const QString &name, bool required, int maxLength);
// An upload's optional "clientId" parameter: like a clientMessageId, 1 to 100 URL-safe
// characters, so that a retried upload stores one file.
QString uploadClientId(const QUrlQuery &query);
qint64 integerParameter(
    const QUrlQuery &query, const QString &name, qint64 fallback, qint64 min, qint64 max);

} // namespace frontline
