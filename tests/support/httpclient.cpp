// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpclient.h"

#include <QBuffer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTimer>

namespace frontline::testsupport {

QJsonObject HttpResult::json() const
{
    return QJsonDocument::fromJson(body).object();
}

HttpClient::HttpClient()
{
    m_manager.setProxy(QNetworkProxy::NoProxy);
}

HttpResult HttpClient::get(const QUrl &url, const QHash<QByteArray, QByteArray> &headers)
{
    return send(QByteArrayLiteral("GET"), url, {}, headers);
}

HttpResult HttpClient::post(
    const QUrl &url, const QByteArray &body, const QHash<QByteArray, QByteArray> &headers)
{
    return send(QByteArrayLiteral("POST"), url, body, headers);
}

HttpResult HttpClient::send(const QByteArray &verb, const QUrl &url, const QByteArray &body,
    const QHash<QByteArray, QByteArray> &headers)
{
    QNetworkRequest request(url);
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(30000);
    if (m_tls)
        request.setSslConfiguration(*m_tls);
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        request.setRawHeader(it.key(), it.value());
    QBuffer buffer;
    buffer.setData(body);
    QNetworkReply *reply = m_manager.sendCustomRequest(request, verb, &buffer);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();

    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        result.headers.insert(name.toLower(), value);
    if (reply->error() != QNetworkReply::NoError && result.status == 0)
        result.networkError = reply->errorString();
    reply->deleteLater();
    return result;
}

void HttpClient::trust(const QSslCertificate &authority)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.addCaCertificate(authority);
    m_tls = tls;
}

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace frontline::testsupport
