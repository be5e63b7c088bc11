// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentclient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace frontline::ui {

namespace {

constexpr int RequestTimeoutMs = 15000;
// Uploads and downloads of up to a few MiB: the timeout is for a transfer that stalls.
constexpr int TransferTimeoutMs = 60000;

QNetworkRequest jsonRequest(const QUrl &url, const QString &token)
{
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(RequestTimeoutMs);
    return request;
}

} // namespace

AgentClient::AgentClient(QUrl server, QString token, QObject *parent)
    : QObject(parent)
    , m_server(std::move(server))
    , m_token(std::move(token))
    , m_network(new QNetworkAccessManager(this))
{
    // A desktop's HTTP proxy must not see the embedded backend's loopback traffic.
    if (m_server.host() == QLatin1String("127.0.0.1")
        || m_server.host() == QLatin1String("localhost") || m_server.host() == QLatin1String("::1"))
        m_network->setProxy(QNetworkProxy::NoProxy);
}

QUrl AgentClient::url(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_server;
    // Paths come percent-encoded (session ids, user keys): taken as they are.
    url.setPath(m_server.path().chopped(m_server.path().endsWith(QLatin1Char('/')) ? 1 : 0) + path,
        QUrl::TolerantMode);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

void AgentClient::get(const QString &path, const QUrlQuery &query, Callback done)
{
    finish(m_network->get(jsonRequest(url(path, query), m_token)), done);
}

void AgentClient::post(const QString &path, const QJsonObject &body, Callback done)
{
    finish(m_network->post(
               jsonRequest(url(path), m_token), QJsonDocument(body).toJson(QJsonDocument::Compact)),
        done);
}

void AgentClient::put(const QString &path, const QJsonObject &body, Callback done)
{
    finish(m_network->put(
               jsonRequest(url(path), m_token), QJsonDocument(body).toJson(QJsonDocument::Compact)),
        done);
}

void AgentClient::remove(const QString &path, Callback done)
{
    finish(m_network->deleteResource(jsonRequest(url(path), m_token)), done);
}

void AgentClient::uploadAttachment(const QString &sessionId, const QString &filename,
    const QByteArray &bytes, const QString &clientId, Progress progress, Callback done)
{
    QUrlQuery query;
    // Every character of the name as it is: the server cleans it.
    query.addQueryItem(
        QStringLiteral("filename"), QString::fromLatin1(QUrl::toPercentEncoding(filename)));
    if (!clientId.isEmpty())
        query.addQueryItem(
            QStringLiteral("clientId"), QString::fromLatin1(QUrl::toPercentEncoding(clientId)));
    QNetworkRequest request(url(QStringLiteral("/api/agent/sessions/")
            + QString::fromLatin1(QUrl::toPercentEncoding(sessionId))
            + QStringLiteral("/attachments"),
        query));
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setHeader(
        QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
    request.setTransferTimeout(TransferTimeoutMs);
    QNetworkReply *reply = m_network->post(request, bytes);
    if (progress)
        connect(reply, &QNetworkReply::uploadProgress, this, progress);
    finish(reply, done);
}

QUrl AgentClient::resolve(const QString &path) const
{
    const QUrl given(path, QUrl::StrictMode);
    if (!given.isValid())
        return {};
    if (given.isRelative() && given.host().isEmpty()) {
        if (!given.path().startsWith(QLatin1Char('/')))
            return {};
        return url(given.path(QUrl::FullyEncoded), QUrlQuery(given));
    }
    // An absolute URL only on this very server: the token goes nowhere else.
    if (given.scheme() != m_server.scheme() || given.host() != m_server.host()
        || given.port(m_server.scheme() == QLatin1String("https") ? 443 : 80)
            != m_server.port(m_server.scheme() == QLatin1String("https") ? 443 : 80))
        return {};
    return given;
}

void AgentClient::fetchAttachment(const QString &path, FetchCallback done)
{
    const QUrl target = resolve(path);
    if (!target.isValid()) {
        FetchResult refused;
        refused.errorText = tr("The attachment's address is not on this server.");
        QMetaObject::invokeMethod(
            this, [done, refused] { done(refused); }, Qt::QueuedConnection);
        return;
    }
    QNetworkRequest request(target);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setTransferTimeout(TransferTimeoutMs);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [reply, done] {
        reply->deleteLater();
        FetchResult result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.bytes = reply->readAll();
        result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toString();
        if (result.status == 0) {
            result.errorText = tr("The server at %1 cannot be reached: %2")
                                   .arg(reply->url().authority(), reply->errorString());
        } else if (result.status >= 400) {
            const QJsonObject error = QJsonDocument::fromJson(result.bytes)
                                          .object()
                                          .value(QStringLiteral("error"))
                                          .toObject();
            result.errorText = error.value(QStringLiteral("message")).toString();
            if (result.errorText.isEmpty())
                result.errorText = tr("The server answered %1.").arg(result.status);
            result.bytes.clear();
        }
        if (done)
            done(result);
    });
}

void AgentClient::finish(QNetworkReply *reply, const Callback &done)
{
    connect(reply, &QNetworkReply::finished, this, [reply, done] {
        reply->deleteLater();
        ApiResult result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = QJsonDocument::fromJson(reply->readAll()).object();
        if (result.status == 0) {
            result.errorCode = QStringLiteral("network");
            result.errorText = tr("The server at %1 cannot be reached: %2")
                                   .arg(reply->url().authority(), reply->errorString());
        } else if (result.status >= 400) {
            const QJsonObject error = result.body.value(QStringLiteral("error")).toObject();
            result.errorCode = error.value(QStringLiteral("code")).toString();
            result.errorText = error.value(QStringLiteral("message")).toString();
            if (result.errorText.isEmpty())
                result.errorText = tr("The server answered %1.").arg(result.status);
        }
        if (done)
            done(result);
    });
}

} // namespace frontline::ui
