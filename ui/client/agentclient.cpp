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
