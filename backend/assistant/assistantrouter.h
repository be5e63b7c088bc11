// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mockassistant.h"
#include "openaiassistant.h"

#include <memory>

namespace frontline {

// The assistant customers get: the mock or the provider, switchable at runtime ("mock mode",
// as the original app called it). Without a provider (no API key) or with CHAT_MOCK_MODE
// forcing it, mock mode cannot be left.
class AssistantRouter final : public Assistant
{
public:
    AssistantRouter(std::unique_ptr<OpenAiAssistant> provider, bool mockMode, bool mockForced);

    QString name() const override;
    bool readsHistory() const override;
    bool judgesRelevance() const override;
    void answer(const AssistantRequest &request, AssistantCallbacks callbacks) override;
    void assist(const CopilotRequest &request, AssistantCallbacks callbacks) override;

    bool mockMode() const { return m_mockMode; }
    bool canLeaveMockMode() const { return m_provider && !m_mockForced; }
    // Returns false (and stays in mock mode) when mock mode cannot be left.
    bool setMockMode(bool mockMode);
    // "mock" in mock mode, else the provider's health ("ok", "unauthorized", ...).
    QString state() const;
    OpenAiAssistant *provider() const { return m_provider.get(); }

private:
    MockAssistant m_mock;
    std::unique_ptr<OpenAiAssistant> m_provider;
    bool m_mockMode;
    bool m_mockForced;
};

} // namespace frontline
