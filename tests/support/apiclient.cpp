// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiclient.h"

#include <QUrlQuery>

namespace frontline::testsupport {

namespace {

Headers withBearer(Headers headers, const QByteArray &bearer)
{
    if (!bearer.isEmpty())
        headers.insert("Authorization", "Bearer " + bearer);
    return headers;
}

QString errorField(const HttpResult &result, const QString &name)
{
    return result.json().value(QStringLiteral("error")).toObject().value(name).toString();
}

} // namespace

QString errorCode(const HttpResult &result)
{
    return errorField(result, QStringLiteral("code"));
}

QString errorMessage(const HttpResult &result)
{
    return errorField(result, QStringLiteral("message"));
}

ApiClient::ApiClient(QString baseUrl)
    : m_baseUrl(std::move(baseUrl))
{
}

HttpResult ApiClient::get(
    const QString &pathAndQuery, const QByteArray &bearer, const Headers &headers)
{
    return m_http.get(url(pathAndQuery), withBearer(headers, bearer));
}

HttpResult ApiClient::post(const QString &pathAndQuery, const QByteArray &body,
    const QByteArray &bearer, const Headers &headers)
{
    return send("POST", pathAndQuery, body, bearer, headers);
}

HttpResult ApiClient::send(const QByteArray &verb, const QString &pathAndQuery,
    const QByteArray &body, const QByteArray &bearer, const Headers &headers)
{
    Headers all = withBearer(headers, bearer);
    all.insert("Content-Type", "application/json");
    return m_http.send(verb, url(pathAndQuery), body, all);
}

CustomerSession ApiClient::createSession(const QJsonObject &body, const Headers &headers)
{
    CustomerSession session;
    session.created = post(QStringLiteral("/api/chat/create-session"), toJson(body), {}, headers);
    const QJsonObject answer = session.created.json();
    session.id = answer.value(QStringLiteral("sessionId")).toString();
    session.token = answer.value(QStringLiteral("sessionToken")).toString().toLatin1();
    return session;
}

HttpResult ApiClient::uploadAttachment(const CustomerSession &session, const QString &filename,
    const QByteArray &bytes, const QString &clientId, const QByteArray &contentType)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("sessionId"), session.id);
    query.addQueryItem(
        QStringLiteral("filename"), QString::fromLatin1(QUrl::toPercentEncoding(filename)));
    if (!clientId.isEmpty())
        query.addQueryItem(QStringLiteral("clientId"), clientId);
    Headers headers = withBearer({}, session.token);
    headers.insert("Content-Type", contentType);
    return m_http.send("POST",
        url(QStringLiteral("/api/chat/attachments?") + query.toString(QUrl::FullyEncoded)), bytes,
        headers);
}

HttpResult ApiClient::sendMessage(const CustomerSession &session, const QString &text,
    const QString &clientMessageId, const Headers &headers)
{
    QJsonObject body { { QStringLiteral("sessionId"), session.id },
        { QStringLiteral("message"), text } };
    if (!clientMessageId.isEmpty())
        body.insert(QStringLiteral("clientMessageId"), clientMessageId);
    return post(QStringLiteral("/api/chat/message"), toJson(body), session.token, headers);
}

QJsonArray ApiClient::history(const CustomerSession &session)
{
    return get(QStringLiteral("/api/chat/history?sessionId=") + session.id, session.token)
        .json()
        .value(QStringLiteral("messages"))
        .toArray();
}

QByteArray ApiClient::signIn(const QString &username, const QByteArray &password)
{
    const HttpResult result = post(QStringLiteral("/api/agent/login"),
        toJson({ { QStringLiteral("username"), username },
            { QStringLiteral("password"), QString::fromUtf8(password) } }));
    return result.status == 200 ? result.json().value(QStringLiteral("token")).toString().toLatin1()
                                : QByteArray();
}

} // namespace frontline::testsupport
