// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "assistant.h"

namespace frontline {

// Answers without network or key, deterministically, in the session's locale: it greets and
// recognises a few topics (password, refund, bug, pricing, human). What the original app
// called mock mode; used when CHAT_MOCK_MODE=true or no OPENAI_API_KEY is set.
class MockAssistant final : public Assistant
{
public:
    QString name() const override { return QStringLiteral("mock"); }
    bool readsHistory() const override { return false; } // it answers the question alone
    void answer(const AssistantRequest &request, AssistantCallbacks callbacks) override;

    // The reply to `question` in `locale`; exposed for tests.
    static QString replyTo(const QString &question, const QString &locale);
};

} // namespace frontline
