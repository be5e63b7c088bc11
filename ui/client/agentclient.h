// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace frontline::ui {

// What one call of the agent API gave: the JSON answer, or an error a person can act on.
struct ApiResult
{
    int status = 0; // HTTP status; 0 when the server could not be reached
    QJsonObject body; // the answer's JSON object (on errors, {"error":{"code","message"}})
    QString errorCode; // the API's error code ("claimed_by_another"…), or "network"
    QString errorText; // empty on success

    bool ok() const { return errorText.isEmpty(); }
};

// The bytes of an attachment (or its thumbnail) as the server served them.
struct FetchResult
{
    int status = 0;
    QByteArray bytes;
    QString contentType; // the server's (sniffed) Content-Type
    QString errorText; // empty on success

    bool ok() const { return errorText.isEmpty(); }
};

// The console's side of the agent API (/api/agent/...), over HTTP with a bearer token,
// whether the server is the embedded backend on loopback or a remote Frontline. Every call
// is asynchronous: the GUI thread never waits on the network.
class AgentClient final : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const ApiResult &)>;

    AgentClient(QUrl server, QString token, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(AgentClient)

    QUrl server() const { return m_server; }
    QString token() const { return m_token; }
    // The URL of an API path ("/api/agent/sessions") with its query.
    QUrl url(const QString &path, const QUrlQuery &query = {}) const;

    void get(const QString &path, const QUrlQuery &query, Callback done);
    void post(const QString &path, const QJsonObject &body, Callback done);
    void put(const QString &path, const QJsonObject &body, Callback done);
    void remove(const QString &path, Callback done); // DELETE

    // POST /api/agent/sessions/{id}/attachments?filename=…&clientId=…, the bytes as the body;
    // `progress` hears how much of the body is sent. The same clientId again gives back the
    // attachment already stored (a retry never stores it twice).
    using Progress = std::function<void(qint64 sent, qint64 total)>;
    void uploadAttachment(const QString &sessionId, const QString &filename,
        const QByteArray &bytes, const QString &clientId, Progress progress, Callback done);
    // GET of an attachment's url or thumbnailUrl (a path on this server, as the message JSON
    // gives it) with the agent token. A URL of another origin is refused: the token is sent
    // to this server only.
    using FetchCallback = std::function<void(const FetchResult &)>;
    void fetchAttachment(const QString &url, FetchCallback done);
    // The URL a path from the server's JSON stands for; invalid when it is on another origin.
    QUrl resolve(const QString &url) const;

    QNetworkAccessManager *network() const { return m_network; }

private:
    void finish(QNetworkReply *reply, const Callback &done);

    QUrl m_server;
    QString m_token;
    QNetworkAccessManager *m_network;
};

} // namespace frontline::ui
