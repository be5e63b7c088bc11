// SPDX-License-Identifier: GPL-3.0-or-later
#include "assistantrouter.h"

namespace frontline {

AssistantRouter::AssistantRouter(
    std::unique_ptr<OpenAiAssistant> provider, bool mockMode, bool mockForced)
    : m_provider(std::move(provider))
    , m_mockMode(mockMode || !m_provider || mockForced)
    , m_mockForced(mockForced)
{
}

QString AssistantRouter::name() const
{
    return m_mockMode ? m_mock.name() : m_provider->name();
}

bool AssistantRouter::readsHistory() const
{
    return m_mockMode ? m_mock.readsHistory() : m_provider->readsHistory();
}

bool AssistantRouter::judgesRelevance() const
{
    return m_mockMode ? m_mock.judgesRelevance() : m_provider->judgesRelevance();
}

void AssistantRouter::answer(const AssistantRequest &request, AssistantCallbacks callbacks)
{
    if (m_mockMode)
        m_mock.answer(request, std::move(callbacks));
    else
        m_provider->answer(request, std::move(callbacks));
}

void AssistantRouter::assist(const CopilotRequest &request, AssistantCallbacks callbacks)
{
    if (m_mockMode)
        m_mock.assist(request, std::move(callbacks));
    else
        m_provider->assist(request, std::move(callbacks));
}

bool AssistantRouter::setMockMode(bool mockMode)
{
    if (!mockMode && !canLeaveMockMode())
        return false;
    m_mockMode = mockMode;
    return true;
}

QString AssistantRouter::state() const
{
    return m_mockMode ? QStringLiteral("mock") : providerHealthName(m_provider->health());
}

} // namespace frontline
