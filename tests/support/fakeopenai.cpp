// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakeopenai.h"

#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace frontline::testsupport {

namespace {

QByteArray deltaEvent(const QString &word)
{
    const QJsonObject chunk { { QStringLiteral("choices"),
        QJsonArray { QJsonObject { { QStringLiteral("index"), 0 },
            { QStringLiteral("delta"),
                QJsonObject { { QStringLiteral("content"), word } } } } } } };
    return "data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + "\n\n";
}

QByteArray usageEvent(qint64 tokensIn, qint64 tokensOut)
{
    const QJsonObject chunk { { QStringLiteral("choices"), QJsonArray() },
        { QStringLiteral("usage"),
            QJsonObject { { QStringLiteral("prompt_tokens"), tokensIn },
                { QStringLiteral("completion_tokens"), tokensOut } } } };
    return "data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + "\n\n";
}

} // namespace

FakeReply FakeReply::streamed(const QStringList &words, qint64 tokensIn, qint64 tokensOut)
{
    FakeReply reply;
    reply.chunks.append(QByteArrayLiteral(": keep-alive comment\n\n"));
    for (const QString &word : words)
        reply.chunks.append(deltaEvent(word));
    reply.chunks.append(usageEvent(tokensIn, tokensOut));
    reply.chunks.append(QByteArrayLiteral("data: [DONE]\n\n"));
    return reply;
}

FakeReply FakeReply::streamedInPieces(const QStringList &words, int size)
{
    QByteArray whole = streamed(words, 11, 7).chunks.join();
    whole.replace("\n", "\r\n");
    FakeReply reply;
    for (qsizetype at = 0; at < whole.size(); at += size)
        reply.chunks.append(whole.mid(at, size));
    reply.delayBetweenMs = 5;
    return reply;
}

FakeReply FakeReply::cutShort(const QStringList &words)
{
    FakeReply reply = streamed(words, 5, 5);
    reply.chunks.removeLast(); // [DONE]
    reply.chunks.removeLast(); // usage
    reply.chunks.append(QByteArrayLiteral("data: {\"choices\":[{\"delta\":{\"content\":\"and the"));
    return reply;
}

FakeReply FakeReply::json(const QString &text, qint64 tokensIn, qint64 tokensOut)
{
    FakeReply reply;
    reply.streaming = false;
    const QJsonObject body {
        { QStringLiteral("choices"),
            QJsonArray { QJsonObject { { QStringLiteral("index"), 0 },
                { QStringLiteral("message"),
                    QJsonObject { { QStringLiteral("role"), QStringLiteral("assistant") },
                        { QStringLiteral("content"), text } } } } } },
        { QStringLiteral("usage"),
            QJsonObject { { QStringLiteral("prompt_tokens"), tokensIn },
                { QStringLiteral("completion_tokens"), tokensOut } } }
    };
    reply.chunks.append(QJsonDocument(body).toJson(QJsonDocument::Compact));
    return reply;
}

FakeReply FakeReply::error(
    int status, const QJsonObject &body, QList<std::pair<QByteArray, QByteArray>> headers)
{
    FakeReply reply;
    reply.status = status;
    reply.streaming = false;
    reply.headers = std::move(headers);
    reply.chunks.append(QJsonDocument(body).toJson(QJsonDocument::Compact));
    return reply;
}

FakeOpenAi::FakeOpenAi()
{
    m_server.route(QStringLiteral("/v1/chat/completions"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            m_requests.append(QJsonDocument::fromJson(request.body()).object());
            m_authorizations.append(request.value(QByteArrayLiteral("Authorization")));
            const FakeReply reply = m_script.isEmpty()
                ? FakeReply::streamed(
                    { QStringLiteral("Default"), QStringLiteral(" answer.") }, 3, 2)
                : m_script.takeFirst();
            serve(reply, std::move(responder));
        });
    m_server.route(QStringLiteral("/v1/models"), [this](const QHttpServerRequest &request) {
        m_modelsAuthorizations.append(request.value(QByteArrayLiteral("Authorization")));
        return QHttpServerResponse(QJsonObject { { QStringLiteral("data"), QJsonArray() } },
            static_cast<QHttpServerResponse::StatusCode>(m_modelsStatus));
    });
    m_port = m_server.listen(QHostAddress::LocalHost, 0);
}

QString FakeOpenAi::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1/v1").arg(m_port);
}

void FakeOpenAi::serve(const FakeReply &reply, QHttpServerResponder &&responder)
{
    // The responder moves into a shared holder so timers can write the chunks one by one.
    auto holder = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> socket = holder->socket();
    QPointer<FakeOpenAi> self(this);
    auto writeAll = [holder, socket, reply, self] {
        if (!socket)
            return;
        if (!reply.streaming) {
            holder->writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(reply.status));
            holder->writeHeader(
                QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
            for (const auto &[name, value] : reply.headers)
                holder->writeHeader(name, value);
            const QByteArray body = reply.chunks.join();
            holder->writeHeader(
                QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
            holder->writeBody(body); // Qt ends the header block before the first body byte
            if (self)
                ++self->m_answersFinished;
            return;
        }
        holder->writeStatusLine(QHttpServerResponder::StatusCode::Ok);
        holder->writeHeader(
            QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/event-stream"));
        holder->writeHeader(QByteArrayLiteral("Connection"), QByteArrayLiteral("close"));
        auto index = std::make_shared<qsizetype>(0);
        auto next = std::make_shared<std::function<void()>>();
        *next = [holder, socket, reply, index, next, self] {
            if (!socket)
                return;
            if (*index >= reply.chunks.size()) {
                socket->disconnectFromHost(); // the body ends with the connection
                if (self)
                    ++self->m_answersFinished;
                *next = nullptr;
                return;
            }
            holder->writeBody(reply.chunks.at((*index)++));
            socket->flush();
            QTimer::singleShot(reply.delayBetweenMs, socket, [next] {
                if (*next)
                    (*next)();
            });
        };
        (*next)();
    };
    QTimer::singleShot(reply.delayBeforeMs, this, writeAll);
}

} // namespace frontline::testsupport
