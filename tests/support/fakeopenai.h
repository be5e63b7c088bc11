// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHttpServer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QStringList>

namespace frontline::testsupport {

// One scripted answer of the fake provider to POST /v1/chat/completions.
struct FakeReply
{
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    bool streaming = true; // text/event-stream; else the chunks joined are a JSON body
    QList<QByteArray> chunks; // written one after another
    int delayBeforeMs = 0;
    int delayBetweenMs = 0;

    // "data: {delta}" per word, a final usage chunk with no choices, then [DONE].
    static FakeReply streamed(const QStringList &words, qint64 tokensIn, qint64 tokensOut);
    // The same split into pieces of `size` bytes with CRLF line ends, cutting events anywhere.
    static FakeReply streamedInPieces(const QStringList &words, int size);
    // Some deltas, then the connection closes before [DONE].
    static FakeReply cutShort(const QStringList &words);
    static FakeReply json(const QString &text, qint64 tokensIn, qint64 tokensOut);
    static FakeReply error(
        int status, const QJsonObject &body, QList<std::pair<QByteArray, QByteArray>> headers = {});
};

// An OpenAI-compatible server on loopback, scripted by the test: each completion request
// takes the next scripted reply (a default streamed answer when none is left). It records
// what it was asked. Built on QtHttpServer, in the test's own process.
class FakeOpenAi final : public QObject
{
    Q_OBJECT
public:
    FakeOpenAi();
    Q_DISABLE_COPY_MOVE(FakeOpenAi)

    QString baseUrl() const; // http://127.0.0.1:PORT/v1
    void script(const FakeReply &reply) { m_script.append(reply); }
    QList<QJsonObject> completionRequests() const { return m_requests; }
    QList<QByteArray> authorizations() const { return m_authorizations; }
    // The Authorization header of each GET /v1/models (the health check), in order.
    QList<QByteArray> modelsAuthorizations() const { return m_modelsAuthorizations; }
    // How many scripted answers have been written to their end.
    int answersFinished() const { return m_answersFinished; }
    void setModelsStatus(int status) { m_modelsStatus = status; }

private:
    void serve(const FakeReply &reply, QHttpServerResponder &&responder);

    QHttpServer m_server;
    quint16 m_port = 0;
    QList<FakeReply> m_script;
    QList<QJsonObject> m_requests;
    QList<QByteArray> m_authorizations;
    QList<QByteArray> m_modelsAuthorizations;
    int m_modelsStatus = 200;
    int m_answersFinished = 0;
};

} // namespace frontline::testsupport
