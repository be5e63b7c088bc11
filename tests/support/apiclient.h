// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "httpclient.h"

#include <QJsonArray>
#include <QString>

namespace frontline::testsupport {

using Headers = QHash<QByteArray, QByteArray>;

// A customer's chat session, as POST /api/chat/create-session answered it.
struct CustomerSession
{
    QString id;
    QByteArray token;
    HttpResult created; // status 201 when the session was created
};

// The API's error answer: {"error": {"code": ..., "message": ...}}; empty when it is none.
QString errorCode(const HttpResult &result);
QString errorMessage(const HttpResult &result);

// The HTTP API of one Frontline server (in this process or not) as the tests speak it: paths
// under its base URL, JSON bodies, bearer tokens. Every request waits for its answer with the
// event loop running, so a server on this thread keeps serving meanwhile.
class ApiClient final
{
public:
    explicit ApiClient(QString baseUrl = {});
    Q_DISABLE_COPY_MOVE(ApiClient)

    // http://HOST:PORT; set again when the server restarts (on another free port).
    void setBaseUrl(const QString &baseUrl) { m_baseUrl = baseUrl; }
    QString baseUrl() const { return m_baseUrl; }
    QUrl url(const QString &pathAndQuery) const { return QUrl(m_baseUrl + pathAndQuery); }
    // For requests these helpers do not make (other hosts, HTTPS trust).
    HttpClient &http() { return m_http; }

    // `bearer`, when not empty, goes in the Authorization header; `headers` are added.
    HttpResult get(
        const QString &pathAndQuery, const QByteArray &bearer = {}, const Headers &headers = {});
    // The body is JSON (the Content-Type says so).
    HttpResult post(const QString &pathAndQuery, const QByteArray &body,
        const QByteArray &bearer = {}, const Headers &headers = {});
    HttpResult send(const QByteArray &verb, const QString &pathAndQuery, const QByteArray &body,
        const QByteArray &bearer = {}, const Headers &headers = {});

    // The customer API. `headers` may add X-Forwarded-For, an Origin…
    CustomerSession createSession(const QJsonObject &body = {}, const Headers &headers = {});
    // POST /api/chat/message, with the client's own message id when given.
    HttpResult sendMessage(const CustomerSession &session, const QString &text,
        const QString &clientMessageId = {}, const Headers &headers = {});
    // POST /api/chat/attachments: the file as the body, sent as `contentType` (which the server
    // ignores), under the client's own id when given.
    HttpResult uploadAttachment(const CustomerSession &session, const QString &filename,
        const QByteArray &bytes, const QString &clientId = {},
        const QByteArray &contentType = "application/octet-stream");
    // The session's messages, as GET /api/chat/history lists them.
    QJsonArray history(const CustomerSession &session);

    // The agent API: POST /api/agent/login's token, or empty when refused.
    QByteArray signIn(const QString &username, const QByteArray &password);

private:
    HttpClient m_http;
    QString m_baseUrl;
};

} // namespace frontline::testsupport
