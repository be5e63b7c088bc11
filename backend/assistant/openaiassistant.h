// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "assistant.h"
#include "providerorigins.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <chrono>
#include <optional>

namespace frontline {

// Whether conversation texts go to the provider with personal data redacted
// (FRONTLINE_AI_REDACT, redactPersonalData): Auto redacts unless the provider's base URL is
// on this machine (a loopback host: a local model).
enum class Redaction { Auto, On, Off };
QString redactionName(Redaction redaction); // "auto", "on", "off"
std::optional<Redaction> parseRedaction(const QString &text);
// A base URL whose host is this machine ("localhost", 127.0.0.0/8, ::1).
bool isLoopbackProvider(const QUrl &baseUrl);

struct OpenAiSettings
{
    QUrl baseUrl = QUrl(QStringLiteral("https://api.openai.com/v1"));
    QString apiKey; // never logged, never returned by any API
    // The origins the key may be sent to (see ProviderOrigins); empty: the base URL's.
    QStringList keyOrigins;
    QString model = QStringLiteral("gpt-4o-mini");
    QString systemPrompt = QStringLiteral(
        "You are the support assistant of a web application. Answer briefly and kindly, in "
        "the customer's language. If you cannot help, offer to hand the conversation to a "
        "human agent.");
    double temperature = 0.3;
    int maxTokens = 400;
    int contextBudgetChars = 8000; // recent history sent with the question
    std::chrono::milliseconds requestTimeout { 30000 }; // no byte for this long: the attempt fails
    std::chrono::milliseconds retryBudget { 30000 }; // all attempts and waits together
    int maxAttempts = 4;
    Redaction redaction = Redaction::Auto;
};

// The provider's base URL from text: an absolute http(s) URL, or nullopt.
std::optional<QUrl> parseProviderBaseUrl(const QString &text);

// What an administrator may change of the provider while the server runs (never the key:
// it lives in the server's environment or the console's keychain).
struct ProviderChange
{
    std::optional<QUrl> baseUrl;
    std::optional<QString> model;
    std::optional<QString> systemPrompt;
};

enum class ProviderHealth { Unknown, Ok, Unauthorized, Unreachable, RateLimited };
QString providerHealthName(ProviderHealth health); // "unknown", "ok", "unauthorized", ...

// Answers through an OpenAI-compatible chat completions API (OpenAI, Ollama, llama.cpp's
// server, vLLM — chosen by base URL), streaming, without ever blocking its thread. Failures
// are classified; the retryable ones (5xx, connection refused, timeouts, 429 with a
// Retry-After that fits) are retried with exponential backoff and jitter within a bounded
// total; the others end at once, and the caller falls back.
class OpenAiAssistant final : public QObject, public Assistant
{
    Q_OBJECT
public:
    explicit OpenAiAssistant(OpenAiSettings settings, QObject *parent = nullptr);
    ~OpenAiAssistant() override;
    Q_DISABLE_COPY_MOVE(OpenAiAssistant)

    QString name() const override { return QStringLiteral("openai"); }
    // A grounded request's answer does not stream (its citations are read once it is whole).
    void answer(const AssistantRequest &request, AssistantCallbacks callbacks) override;
    void assist(const CopilotRequest &request, AssistantCallbacks callbacks) override;

    ProviderHealth health() const { return m_health; }
    // Later answers (and retries) use the new URL, model and prompt; the health is checked again.
    // A URL whose origin may not receive the key is refused (false) and the old one kept.
    bool reconfigure(const QUrl &baseUrl, const QString &model, const QString &systemPrompt);
    // GET {baseUrl}/models: cheap, and tells a wrong key from an unreachable server.
    void checkHealth();
    // The JSON body sent for `request` (exposed for tests).
    QByteArray requestBody(const AssistantRequest &request) const;
    QByteArray requestBody(const CopilotRequest &request) const;
    // Whether conversation texts are redacted now (the setting, and the current base URL).
    bool redacts() const;
    // A message's text as the model reads it, with a line naming each of its files.
    static QString contentForModel(const ChatMessage &message);

Q_SIGNALS:
    void healthChanged(frontline::ProviderHealth health);

private:
    class Call;
    friend class Call;
    void setHealth(ProviderHealth health);
    QNetworkRequest networkRequest(const QString &path) const;
    QByteArray bodyOf(const QJsonArray &messages) const;
    QString forProvider(const QString &text) const;

    OpenAiSettings m_settings;
    ProviderOrigins m_keyOrigins;
    QNetworkAccessManager m_network;
    ProviderHealth m_health = ProviderHealth::Unknown;
};

} // namespace frontline

Q_DECLARE_METATYPE(frontline::ProviderHealth)
