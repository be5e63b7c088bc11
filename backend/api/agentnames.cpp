// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentnames.h"

#include "agents/agentdirectory.h"
#include "domain/administratorname.h"
#include "domain/chatsession.h"
#include "settings/runtimesettings.h"

#include <QCoreApplication>

namespace frontline {

namespace {

// The customers' default (customertexts::administratorName), in the server's language.
QString defaultForAgents()
{
    return QCoreApplication::translate("AgentNames", "Support");
}

} // namespace

AgentNames::AgentNames(AgentDirectory &agents, const RuntimeSettings &settings)
    : m_agents(agents)
    , m_settings(settings)
{
}

QString AgentNames::joinedAgent(const ChatSession &session) const
{
    if (session.status != SessionStatus::Assigned)
        return QString();
    return forCustomer(m_agents.displayNameOf(session.assignedAgent), session.locale);
}

QString AgentNames::displayNameOf(const QString &username) const
{
    return m_agents.displayNameOf(username);
}

QString AgentNames::forCustomer(const QString &agentName, const QString &locale) const
{
    if (!administratorname::isMark(agentName))
        return agentName;
    return m_settings.administratorNameFor(locale);
}

ChatMessage AgentNames::forCustomer(ChatMessage message, const QString &locale) const
{
    message.agentName = forCustomer(message.agentName, locale);
    return message;
}

QList<ChatMessage> AgentNames::forCustomer(QList<ChatMessage> messages, const QString &locale) const
{
    for (ChatMessage &message : messages)
        message.agentName = forCustomer(message.agentName, locale);
    return messages;
}

QString AgentNames::forAgents(const QString &agentName) const
{
    if (!administratorname::isMark(agentName))
        return agentName;
    const QString set = m_settings.values().administratorName;
    return set.isEmpty() ? defaultForAgents() : set;
}

ChatMessage AgentNames::forAgents(ChatMessage message) const
{
    message.agentName = forAgents(message.agentName);
    return message;
}

QList<ChatMessage> AgentNames::forAgents(QList<ChatMessage> messages) const
{
    for (ChatMessage &message : messages)
        message.agentName = forAgents(message.agentName);
    return messages;
}

} // namespace frontline
