// SPDX-License-Identifier: GPL-3.0-or-later
#include "openaiassistant.h"

#include "core/logging.h"
#include "ssestream.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>

namespace frontline {

QString providerHealthName(ProviderHealth health)
{
    switch (health) {
    case ProviderHealth::Unknown:
        return QStringLiteral("unknown");
    case ProviderHealth::Ok:
        return QStringLiteral("ok");
    case ProviderHealth::Unauthorized:
        return QStringLiteral("unauthorized");
    case ProviderHealth::Unreachable:
        return QStringLiteral("unreachable");
    case ProviderHealth::RateLimited:
        return QStringLiteral("rate-limited");
    }
    return {};
}

namespace {

bool isRetryable(AssistantFailure failure)
{
    return failure == AssistantFailure::Unreachable || failure == AssistantFailure::Timeout
        || failure == AssistantFailure::ServerError || failure == AssistantFailure::RateLimited;
}

QString openAiRole(Role role)
{
    // An agent's words are the support side's, as the assistant's are.
    return role == Role::User ? QStringLiteral("user") : QStringLiteral("assistant");
}

} // namespace

// One answer in progress: its attempts, the stream being read, the waits between attempts.
class OpenAiAssistant::Call final : public QObject
{
public:
    Call(OpenAiAssistant *owner, QByteArray body, AssistantCallbacks callbacks)
        : QObject(owner)
        , m_owner(owner)
        , m_body(std::move(body))
        , m_callbacks(std::move(callbacks))
    {
        m_elapsed.start();
    }

    void start()
    {
        ++m_attempts;
        m_stream = SseStream();
        m_text.clear();
        m_json.clear();
        m_sawDone = false;
        m_streaming = false;
        QNetworkRequest request = m_owner->networkRequest(QStringLiteral("/chat/completions"));
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("Accept", "text/event-stream, application/json");
        m_reply = m_owner->m_network.post(request, m_body);
        connect(m_reply, &QNetworkReply::readyRead, this, &Call::read);
        connect(m_reply, &QNetworkReply::finished, this, &Call::finished);
    }

private:
    void read()
    {
        const QByteArray type = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        m_streaming = type.startsWith("text/event-stream");
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (!m_streaming || status != 200) {
            m_json += m_reply->readAll(); // a plain JSON answer or an error body
            return;
        }
        for (const SseStream::Event &event : m_stream.feed(m_reply->readAll())) {
            if (event.data == "[DONE]") {
                m_sawDone = true;
                continue;
            }
            const QJsonObject chunk = QJsonDocument::fromJson(event.data).object();
            readUsage(chunk);
            const QJsonArray choices = chunk.value(QStringLiteral("choices")).toArray();
            if (choices.isEmpty())
                continue; // the final usage chunk has no choices
            const QString delta = choices.at(0)
                                      .toObject()
                                      .value(QStringLiteral("delta"))
                                      .toObject()
                                      .value(QStringLiteral("content"))
                                      .toString();
            if (!delta.isEmpty()) {
                m_text += delta;
                if (m_callbacks.delta)
                    m_callbacks.delta(delta);
            }
        }
    }

    void readUsage(const QJsonObject &object)
    {
        const QJsonObject usage = object.value(QStringLiteral("usage")).toObject();
        if (usage.isEmpty())
            return;
        m_answer.tokensIn = usage.value(QStringLiteral("prompt_tokens")).toInteger();
        m_answer.tokensOut = usage.value(QStringLiteral("completion_tokens")).toInteger();
    }

    void finished()
    {
        read();
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();

        if (status == 0) {
            const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError
                || reply->error() == QNetworkReply::TimeoutError;
            m_owner->setHealth(ProviderHealth::Unreachable);
            return fail(timedOut ? AssistantFailure::Timeout : AssistantFailure::Unreachable,
                reply->errorString(), 0);
        }
        if (status == 401 || status == 403) {
            m_owner->setHealth(ProviderHealth::Unauthorized);
            return fail(AssistantFailure::Unauthorized, QStringLiteral("HTTP %1").arg(status), 0);
        }
        if (status == 429) {
            const QJsonObject error = QJsonDocument::fromJson(m_json)
                                          .object()
                                          .value(QStringLiteral("error"))
                                          .toObject();
            if (error.value(QStringLiteral("code")).toString()
                    == QLatin1String("insufficient_quota")
                || error.value(QStringLiteral("type")).toString()
                    == QLatin1String("insufficient_quota")) {
                m_owner->setHealth(ProviderHealth::Unauthorized);
                return fail(
                    AssistantFailure::QuotaExhausted, QStringLiteral("insufficient_quota"), 0);
            }
            m_owner->setHealth(ProviderHealth::RateLimited);
            bool ok = false;
            const qint64 retryAfter = reply->rawHeader("Retry-After").trimmed().toLongLong(&ok);
            return fail(AssistantFailure::RateLimited, QStringLiteral("HTTP 429"),
                ok ? retryAfter * 1000 : 0);
        }
        if (status >= 500)
            return fail(AssistantFailure::ServerError, QStringLiteral("HTTP %1").arg(status), 0);
        if (status != 200)
            return fail(AssistantFailure::BadResponse, QStringLiteral("HTTP %1").arg(status), 0);

        if (m_streaming) {
            // Only [DONE] proves the text is whole; a connection closed before it is not an answer.
            if (!m_sawDone)
                return fail(AssistantFailure::StreamCut,
                    QStringLiteral("the stream ended before [DONE]"), 0);
        } else {
            // Some servers ignore "stream": a whole JSON answer.
            const QJsonObject body = QJsonDocument::fromJson(m_json).object();
            readUsage(body);
            m_text = body.value(QStringLiteral("choices"))
                         .toArray()
                         .at(0)
                         .toObject()
                         .value(QStringLiteral("message"))
                         .toObject()
                         .value(QStringLiteral("content"))
                         .toString();
            if (!m_text.isEmpty() && m_callbacks.delta)
                m_callbacks.delta(m_text);
        }
        if (m_text.trimmed().isEmpty())
            return fail(AssistantFailure::BadResponse, QStringLiteral("an empty answer"), 0);
        m_owner->setHealth(ProviderHealth::Ok);
        m_answer.ok = true;
        m_answer.text = m_text;
        finish();
    }

    // Retries what may pass on a second try, within the budget; otherwise ends the call.
    void fail(AssistantFailure failure, const QString &detail, qint64 askedWaitMs)
    {
        m_answer.failure = failure;
        m_answer.detail = detail;
        const OpenAiSettings &settings = m_owner->m_settings;
        // Deltas already reached the customer: a retry would send them twice.
        const bool streamedSomething = !m_text.isEmpty();
        if (isRetryable(failure) && !streamedSomething && m_attempts < settings.maxAttempts) {
            qint64 wait = askedWaitMs;
            if (wait <= 0) {
                const qint64 base = std::min<qint64>(8000, 250LL << std::min(m_attempts, 5));
                wait = base / 2 + QRandomGenerator::global()->bounded(base / 2 + 1); // jitter
            }
            if (m_elapsed.elapsed() + wait <= settings.retryBudget.count()) {
                qCInfo(lcAssistant, "Attempt %d failed (%s: %s); retrying in %lld ms", m_attempts,
                    qUtf8Printable(assistantFailureName(failure)), qUtf8Printable(detail), wait);
                QTimer::singleShot(std::chrono::milliseconds(wait), this, &Call::start);
                return;
            }
        }
        qCWarning(lcAssistant, "No answer after %d attempt(s): %s (%s)", m_attempts,
            qUtf8Printable(assistantFailureName(failure)), qUtf8Printable(detail));
        if (failure == AssistantFailure::Unreachable || failure == AssistantFailure::Timeout
            || failure == AssistantFailure::ServerError)
            m_owner->checkHealth();
        finish();
    }

    void finish()
    {
        const AssistantCallbacks callbacks = m_callbacks;
        const AssistantAnswer answer = m_answer;
        deleteLater();
        callbacks.done(answer);
    }

    OpenAiAssistant *m_owner;
    QByteArray m_body;
    AssistantCallbacks m_callbacks;
    QPointer<QNetworkReply> m_reply;
    SseStream m_stream;
    QElapsedTimer m_elapsed;
    QString m_text;
    QByteArray m_json;
    AssistantAnswer m_answer;
    int m_attempts = 0;
    bool m_sawDone = false;
    bool m_streaming = false;
};

std::optional<QUrl> parseProviderBaseUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return std::nullopt;
    return url;
}

OpenAiAssistant::OpenAiAssistant(OpenAiSettings settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_keyOrigins(m_settings.baseUrl, m_settings.keyOrigins)
{
    qRegisterMetaType<ProviderHealth>();
    m_network.setAutoDeleteReplies(false);
    if (!m_settings.apiKey.isEmpty() && !m_keyOrigins.allows(m_settings.baseUrl))
        qCWarning(lcAssistant, "The AI provider key is not sent: %s",
            qUtf8Printable(m_keyOrigins.refusal(m_settings.baseUrl)));
}

OpenAiAssistant::~OpenAiAssistant() = default;

QNetworkRequest OpenAiAssistant::networkRequest(const QString &path) const
{
    QUrl url = m_settings.baseUrl;
    url.setPath(url.path().chopped(url.path().endsWith(QLatin1Char('/')) ? 1 : 0) + path);
    QNetworkRequest request(url);
    // Checked on every request, not only when the URL changes: the key never leaves for
    // another origin, nor crosses the network in clear, whatever path led there.
    if (!m_settings.apiKey.isEmpty() && m_keyOrigins.allows(url))
        request.setRawHeader("Authorization", "Bearer " + m_settings.apiKey.toUtf8());
    request.setTransferTimeout(static_cast<int>(m_settings.requestTimeout.count()));
    return request;
}

// The model is given no file, only that there was one: what it is called and what it is, so
// that it can answer "I cannot open files, but an agent can" rather than ignore it.
QString OpenAiAssistant::contentForModel(const ChatMessage &message)
{
    QString content = message.content;
    for (const Attachment &attachment : message.attachments) {
        if (!content.isEmpty())
            content += QLatin1Char('\n');
        content += QStringLiteral("[attached file: %1, %2]")
                       .arg(attachment.filename, attachment.contentType);
    }
    return content;
}

QByteArray OpenAiAssistant::requestBody(const AssistantRequest &request) const
{
    // The newest messages that fit the budget, oldest first; SYSTEM notices are Frontline's
    // own words to the customer, not part of the conversation the model continues; agents'
    // notes are never given to the model (the chat layer leaves them out already: this holds
    // whoever builds the request).
    QList<ChatMessage> context;
    int budget = m_settings.contextBudgetChars;
    for (auto it = request.history.crbegin(); it != request.history.crend(); ++it) {
        if (it->role == Role::System || it->role == Role::Note)
            continue;
        budget -= static_cast<int>(it->content.size());
        if (budget < 0 && !context.isEmpty())
            break;
        context.prepend(*it);
    }
    QJsonArray messages { QJsonObject { { QStringLiteral("role"), QStringLiteral("system") },
        { QStringLiteral("content"), m_settings.systemPrompt } } };
    for (const ChatMessage &message : context) {
        messages.append(QJsonObject { { QStringLiteral("role"), openAiRole(message.role) },
            { QStringLiteral("content"), contentForModel(message) } });
    }
    const QJsonObject body {
        { QStringLiteral("model"), m_settings.model },
        { QStringLiteral("messages"), messages },
        { QStringLiteral("stream"), true },
        { QStringLiteral("stream_options"),
            QJsonObject { { QStringLiteral("include_usage"), true } } },
        { QStringLiteral("max_tokens"), m_settings.maxTokens },
        { QStringLiteral("temperature"), m_settings.temperature },
    };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

void OpenAiAssistant::answer(const AssistantRequest &request, AssistantCallbacks callbacks)
{
    auto *call = new Call(this, requestBody(request), std::move(callbacks));
    call->start();
}

bool OpenAiAssistant::reconfigure(
    const QUrl &baseUrl, const QString &model, const QString &systemPrompt)
{
    if (!m_keyOrigins.allows(baseUrl)) {
        qCWarning(lcAssistant, "Keeping the AI provider URL: %s",
            qUtf8Printable(m_keyOrigins.refusal(baseUrl)));
        return false;
    }
    m_settings.baseUrl = baseUrl;
    m_settings.model = model;
    m_settings.systemPrompt = systemPrompt;
    checkHealth();
    return true;
}

void OpenAiAssistant::checkHealth()
{
    QNetworkReply *reply = m_network.get(networkRequest(QStringLiteral("/models")));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200)
            setHealth(ProviderHealth::Ok);
        else if (status == 401 || status == 403)
            setHealth(ProviderHealth::Unauthorized);
        else if (status == 429)
            setHealth(ProviderHealth::RateLimited);
        else
            setHealth(ProviderHealth::Unreachable);
    });
}

void OpenAiAssistant::setHealth(ProviderHealth health)
{
    if (health == m_health)
        return;
    m_health = health;
    qCInfo(lcAssistant, "AI provider: %s", qUtf8Printable(providerHealthName(health)));
    Q_EMIT healthChanged(health);
}

} // namespace frontline
