// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/chatmessage.h"
#include "domain/chatsession.h"
#include "domain/knowledge.h"

#include <QList>

#include <functional>

namespace frontline {

struct AssistantRequest
{
    ChatSession session;
    QList<ChatMessage>
        history; // the session's recent messages, oldest first, ending with the question
    // Grounded answers (issue 21): set when the team has a knowledge base. The assistant then
    // answers only from `passages` (the best for the question, best first; maybe none) and
    // names them in AssistantAnswer::sources, or says it found nothing (nothingRelevant).
    bool grounded = false;
    QList<KnowledgePassage> passages;
};

// What an agent asks the copilot (issue 21): never sent to the customer by itself.
enum class CopilotTask {
    SuggestReply, // a draft reply to the conversation, from `passages`
    Summarize, // what the conversation is about, for an agent taking it over
    Translate, // `text` into `targetLocale`
};

struct CopilotRequest
{
    CopilotTask task = CopilotTask::SuggestReply;
    ChatSession session;
    QList<ChatMessage> history; // oldest first, without notes
    QList<KnowledgePassage> passages; // SuggestReply: the best for the conversation
    QString text; // Translate: what to translate
    QString targetLocale; // Translate: "fr", "en"; SuggestReply: the reply's language
};

enum class AssistantFailure {
    None,
    Unauthorized, // 401/403: the key is wrong; retrying cannot help
    QuotaExhausted, // 429 insufficient_quota: the account is out of credit
    RateLimited, // 429 and the wait it asked for does not fit the retry budget
    Unreachable, // connection refused, name not found, TLS failure
    Timeout, // no answer within the request timeout
    ServerError, // 5xx
    StreamCut, // the stream ended before [DONE]
    BadResponse, // an answer that is not what the API promises
    Ungrounded, // a grounded answer that cites none of the passages it was given
};

struct AssistantAnswer
{
    bool ok = false;
    QString text;
    qint64 tokensIn = 0;
    qint64 tokensOut = 0;
    AssistantFailure failure = AssistantFailure::None;
    QString detail; // for logs and agents; never contains the API key
    // Grounded answers: the passages' sources the answer names, in the order named; a
    // copilot's suggestion likewise.
    QList<KnowledgeSource> sources;
    // Grounded: the knowledge base holds nothing that answers the question (ok is true; the
    // text is what to tell the customer).
    bool nothingRelevant = false;
    // Translate: false when the text could not be translated (mock mode) and `text` is the
    // original.
    bool translated = true;
};

struct AssistantCallbacks
{
    std::function<void(const QString &)> delta; // optional: text as it streams
    std::function<void(const AssistantAnswer &)> done; // exactly once
};

// Something that answers customers. Contract: answer() never blocks the calling thread and
// calls `done` exactly once, on the calling thread, possibly before answer() returns (the
// mock does). `delta` (when set) gets the answer's text as it grows, before `done`.
class Assistant
{
public:
    virtual ~Assistant() = default;
    virtual QString name() const = 0; // "mock", "openai"
    // Whether answers read the conversation before the question; when not, the request's
    // history holds the question alone and the store is not asked for more.
    virtual bool readsHistory() const { return true; }
    // Whether it tells, itself, when the passages it is given do not answer the question (a
    // provider answers NO_ANSWER): it is then given the best ranked ones (KnowledgeMatch::Broad);
    // when not (the mock takes the best as it is), only those that hold enough of the
    // question's words (Strict).
    virtual bool judgesRelevance() const { return true; }
    KnowledgeMatch knowledgeMatch() const
    {
        return judgesRelevance() ? KnowledgeMatch::Broad : KnowledgeMatch::Strict;
    }
    virtual void answer(const AssistantRequest &request, AssistantCallbacks callbacks) = 0;
    // The copilot's tasks, on the same contract as answer() (`delta` is not called).
    virtual void assist(const CopilotRequest &request, AssistantCallbacks callbacks) = 0;
};

QString assistantFailureName(AssistantFailure failure);

} // namespace frontline
