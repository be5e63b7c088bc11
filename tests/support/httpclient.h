// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUrl>

#include <optional>

namespace frontline::testsupport {

// A request body: the object as compact JSON.
QByteArray toJson(const QJsonObject &object);

struct HttpResult
{
    int status = 0; // 0 when no answer came (connection refused, timeout)
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QString networkError;

    QJsonObject json() const;
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

// Real HTTP over loopback for tests, waiting in a local event loop so the server under test
// (on the same thread or another) keeps running. Never uses a proxy.
class HttpClient final
{
public:
    HttpClient();
    Q_DISABLE_COPY_MOVE(HttpClient)

    HttpResult get(const QUrl &url, const QHash<QByteArray, QByteArray> &headers = {});
    HttpResult post(
        const QUrl &url, const QByteArray &body, const QHash<QByteArray, QByteArray> &headers = {});

    HttpResult send(const QByteArray &verb, const QUrl &url, const QByteArray &body,
        const QHash<QByteArray, QByteArray> &headers);

    // HTTPS to a server whose certificate is `authority` or is signed by it (a test's own).
    void trust(const QSslCertificate &authority);

private:
    QNetworkAccessManager m_manager;
    std::optional<QSslConfiguration> m_tls;
};

} // namespace frontline::testsupport
