// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/knowledge.h"
#include "store/storeworkers.h"

#include <QObject>

#include <exception>
#include <functional>

namespace frontline {

class Assistant;

// What the copilot gives an agent: never sent to the customer by itself.
struct CopilotResult
{
    QString text;
    QList<KnowledgeSource> sources; // suggestReply: the articles the draft was taken from
    bool translated = true; // translate: false when the text could not be translated (mock)
    QString provider; // the assistant's name: "mock", "openai"
};

// The agents' copilot (issue 21), independent of HTTP: a suggested reply from the
// conversation and the knowledge base, a summary for an agent taking a conversation over, a
// customer's message translated into the agent's language. Runs on the backend thread; it
// reads through the store workers and asks the assistant (Assistant::assist). Each call
// answers through `done` or `failed`: a DomainError NotFound for no such session (or
// message), a DomainError Unavailable saying what to do when the provider fails, a
// StoreError for the database.
class Copilot final : public QObject
{
    Q_OBJECT
public:
    Copilot(StoreWorkers &store, Assistant &assistant, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(Copilot)

    using Done = std::function<void(const CopilotResult &)>;
    using Failed = std::function<void(const std::exception_ptr &)>;

    // A draft reply to the conversation, in `agentLocale` when given (else the session's).
    void suggestReply(
        const QString &sessionId, const QString &agentLocale, Done done, Failed failed);
    // What the conversation is about, in `agentLocale` when given (else the session's).
    void summarize(const QString &sessionId, const QString &agentLocale, Done done, Failed failed);
    // The message `seq` of the session in `targetLocale` ("fr", "en").
    void translate(const QString &sessionId, qint64 seq, const QString &targetLocale, Done done,
        Failed failed);

private:
    StoreWorkers &m_store;
    Assistant &m_assistant;
};

} // namespace frontline
