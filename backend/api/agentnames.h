// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/chatmessage.h"

#include <QList>
#include <QString>

namespace frontline {

class AgentDirectory;
class RuntimeSettings;
struct ChatSession;

// The names of agents as the API shows them. An agent's messages keep the display name they
// had when written, but the administrator's carry a mark (administratorname.h) resolved here
// when they are shown, for two reasons a support team expects: the administrator is the
// team's voice ("Support") rather than a person, so renaming it renames it in every
// conversation, old ones included, as a help desk's brand name does; and while it is the
// default, each customer reads it in their own language, which a name written once could not
// be. Runs on the backend thread; costs no query (names come from memory).
class AgentNames final
{
public:
    AgentNames(AgentDirectory &agents, const RuntimeSettings &settings);
    Q_DISABLE_COPY_MOVE(AgentNames)

    // The agent who has joined `session`, as its customer sees them; empty while none has (or
    // when the agent is gone, or this node has not learnt the name yet: "an agent").
    QString joinedAgent(const ChatSession &session) const;

    // The display name of the agent `username` as memory knows it (empty when it does not).
    QString displayNameOf(const QString &username) const;

    // What a customer of `locale` is shown.
    QString forCustomer(const QString &agentName, const QString &locale) const;
    ChatMessage forCustomer(ChatMessage message, const QString &locale) const;
    QList<ChatMessage> forCustomer(QList<ChatMessage> messages, const QString &locale) const;

    // What agents are shown: the name set, or the default in the server's language (the
    // console's, in one process), as the console's settings show it.
    QString forAgents(const QString &agentName) const;
    ChatMessage forAgents(ChatMessage message) const;
    QList<ChatMessage> forAgents(QList<ChatMessage> messages) const;

private:
    AgentDirectory &m_agents;
    const RuntimeSettings &m_settings;
};

} // namespace frontline
