// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "assistant.h"

namespace frontline {

// Answers without network or key, deterministically, in the session's locale: it answers
// small talk (a message of nothing but a greeting, or of thanks or a goodbye: "Merci
// beaucoup !", "ok thanks, bye") and recognises a few topics (human, password, refund, bug,
// pricing; a greeting before a question does not hide it). What the original app called mock
// mode; used when CHAT_MOCK_MODE=true or no OPENAI_API_KEY is set. Grounded (the team has a
// knowledge base), it answers small talk and a request for a human as without one, anything
// else with the best passage (searched with KnowledgeMatch::Strict: it cannot judge relevance)
// and its source, or, when none was found, that nothing is relevant. The copilot's tasks degrade:
// the best passage as a suggestion (or a polite holding reply), an extractive summary, the text
// untranslated.
class MockAssistant final : public Assistant
{
public:
    QString name() const override { return QStringLiteral("mock"); }
    bool readsHistory() const override { return false; } // it answers the question alone
    bool judgesRelevance() const override { return false; } // it answers with the best passage
    void answer(const AssistantRequest &request, AssistantCallbacks callbacks) override;
    void assist(const CopilotRequest &request, AssistantCallbacks callbacks) override;

    // The reply to `question` in `locale`; exposed for tests.
    static QString replyTo(const QString &question, const QString &locale);
    // The answer to a grounded request.
    static AssistantAnswer groundedAnswer(const AssistantRequest &request);
    // `text`'s first sentences, about `maxChars` at most (never cutting a word).
    static QString firstSentences(const QString &text, qsizetype maxChars);
    // What the conversation is about: the customer's first question, then the latest messages,
    // shortened; in `locale`'s words.
    static QString extractiveSummary(const QList<ChatMessage> &history, const QString &locale);
};

} // namespace frontline
