// SPDX-License-Identifier: GPL-3.0-or-later
#include "openaiassistant.h"

#include "core/logging.h"
#include "domain/redaction.h"
#include "groundedanswer.h"
#include "ssestream.h"

#include <QElapsedTimer>
#include <QHostAddress>
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

QString redactionName(Redaction redaction)
{
    switch (redaction) {
    case Redaction::Auto:
        return QStringLiteral("auto");
    case Redaction::On:
        return QStringLiteral("on");
    case Redaction::Off:
        return QStringLiteral("off");
    }
    return {};
}

std::optional<Redaction> parseRedaction(const QString &text)
{
    const QString value = text.trimmed().toLower();
    if (value == QLatin1String("auto"))
        return Redaction::Auto;
    if (value == QLatin1String("on"))
        return Redaction::On;
    if (value == QLatin1String("off"))
        return Redaction::Off;
    return std::nullopt;
}

bool isLoopbackProvider(const QUrl &baseUrl)
{
    const QString host = baseUrl.host();
    return host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0
        || QHostAddress(host).isLoopback();
}

namespace {

QString languageName(const QString &locale)
{
    if (locale.startsWith(QLatin1String("fr"), Qt::CaseInsensitive))
        return QStringLiteral("French");
    if (locale.startsWith(QLatin1String("en"), Qt::CaseInsensitive) || locale.isEmpty())
        return QStringLiteral("English");
    return locale;
}

QString speakerOf(Role role)
{
    switch (role) {
    case Role::User:
        return QStringLiteral("Customer");
    case Role::Agent:
        return QStringLiteral("Agent");
    default:
        return QStringLiteral("Assistant");
    }
}

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
    const QString system = request.grounded
        ? grounded::systemMessage(m_settings.systemPrompt, request.passages)
        : m_settings.systemPrompt;
    QJsonArray messages { QJsonObject { { QStringLiteral("role"), QStringLiteral("system") },
        { QStringLiteral("content"), system } } };
    for (const ChatMessage &message : context) {
        messages.append(QJsonObject { { QStringLiteral("role"), openAiRole(message.role) },
            { QStringLiteral("content"), forProvider(contentForModel(message)) } });
    }
    return bodyOf(messages);
}

bool OpenAiAssistant::redacts() const
{
    switch (m_settings.redaction) {
    case Redaction::On:
        return true;
    case Redaction::Off:
        return false;
    case Redaction::Auto:
        break;
    }
    return !isLoopbackProvider(m_settings.baseUrl);
}

QString OpenAiAssistant::forProvider(const QString &text) const
{
    return redacts() ? redactPersonalData(text) : text;
}

QByteArray OpenAiAssistant::requestBody(const CopilotRequest &request) const
{
    const QString language = languageName(
        request.targetLocale.isEmpty() ? request.session.locale : request.targetLocale);
    QString system;
    QString user;
    if (request.task == CopilotTask::Translate) {
        system = QStringLiteral(
            "Translate the user's message into %1. Reply with the translation only, nothing "
            "else; keep names, numbers and links as they are.")
                     .arg(language);
        user = forProvider(request.text);
    } else {
        // The newest messages that fit the budget, as one transcript.
        QStringList lines;
        int budget = m_settings.contextBudgetChars;
        for (auto it = request.history.crbegin(); it != request.history.crend(); ++it) {
            if (it->role == Role::System || it->role == Role::Note)
                continue;
            const QString line = speakerOf(it->role) + QStringLiteral(": ")
                + forProvider(contentForModel(*it)).simplified();
            budget -= static_cast<int>(line.size());
            if (budget < 0 && !lines.isEmpty())
                break;
            lines.prepend(line);
        }
        user = QStringLiteral("Conversation:\n") + lines.join(QLatin1Char('\n'));
        if (request.task == CopilotTask::Summarize) {
            system = QStringLiteral(
                "You help the support agent who takes over this conversation. Summarize it in "
                "%1, in two to four short sentences: what the customer wants, what was already "
                "answered or tried, and what is still open. Reply with the summary only.")
                         .arg(language);
        } else {
            system = QStringLiteral(
                "You draft the next reply of a support agent to the customer, in %1, briefly "
                "and kindly. The agent reads and edits it before sending. Use the knowledge "
                "base passages below when they help and cite each one you use by its number in "
                "square brackets, like [1]; never invent facts they do not give.\n\n"
                "Knowledge base passages:\n%2")
                         .arg(language,
                             request.passages.isEmpty()
                                 ? QStringLiteral("(none)")
                                 : grounded::numberedPassages(request.passages));
        }
    }
    const QJsonArray messages {
        QJsonObject { { QStringLiteral("role"), QStringLiteral("system") },
            { QStringLiteral("content"), system } },
        QJsonObject { { QStringLiteral("role"), QStringLiteral("user") },
            { QStringLiteral("content"), user } },
    };
    return bodyOf(messages);
}

QByteArray OpenAiAssistant::bodyOf(const QJsonArray &messages) const
{
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
    if (request.grounded) {
        // The citations are read from the whole answer (and NO_ANSWER replaced): nothing of
        // it streams to the customer before.
        callbacks.delta = nullptr;
        callbacks.done = [done = std::move(callbacks.done), passages = request.passages,
                             locale = request.session.locale](const AssistantAnswer &answer) {
            done(answer.ok ? grounded::readAnswer(answer, passages, locale) : answer);
        };
    }
    auto *call = new Call(this, requestBody(request), std::move(callbacks));
    call->start();
}

void OpenAiAssistant::assist(const CopilotRequest &request, AssistantCallbacks callbacks)
{
    callbacks.delta = nullptr;
    callbacks.done = [done = std::move(callbacks.done), request](const AssistantAnswer &answer) {
        if (!answer.ok || request.task != CopilotTask::SuggestReply)
            return done(answer);
        // A draft cites what it took; one that cites nothing is still a draft.
        AssistantAnswer read = grounded::readAnswer(answer, request.passages, request.targetLocale);
        if (read.failure == AssistantFailure::Ungrounded || read.nothingRelevant) {
            read = answer;
            read.text = answer.text.trimmed();
        }
        done(read);
    };
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
