// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/chatmessage.h"
#include "domain/chatsession.h"

#include <QList>
#include <functional>

namespace frontline {

struct AssistantRequest
{
    ChatSession session;
    QList<ChatMessage> history; // the session's recent messages, oldest first, ending with the question
};

struct AssistantAnswer
{
    bool ok = false;
    QString text;
    qint64 tokensIn = 0;
    qint64 tokensOut = 0;
    QString failure; // when !ok: why, for logs and agents (never shown to customers as is)
};

// Something that answers customers. Contract: answer() never blocks the calling thread and
// calls `done` exactly once, on the calling thread, possibly before answer() returns (the
// mock does). Implementations: MockAssistant; the OpenAI-compatible provider comes next.
class Assistant
{
public:
    virtual ~Assistant() = default;
    virtual QString name() const = 0; // "mock", "openai", ...
    virtual void answer(const AssistantRequest &request,
                        std::function<void(const AssistantAnswer &)> done) = 0;
};

} // namespace frontline
