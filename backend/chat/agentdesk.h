// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatservice.h"
#include "domain/agent.h"
#include "security/sanitizer.h"
#include "store/store.h"

namespace frontline {

class LiveHub;

// The agents' side of conversations, independent of HTTP: take a session over from the
// assistant (one owner at a time), reply, hand it back, close it. Every action is written to
// the audit log and announced on the live hub. Failures a client can fix are DomainErrors.
class AgentDesk final
{
public:
    AgentDesk(Store &store, LiveHub &hub, Sanitizer sanitizer);

    ChatSession claim(const Agent &agent, const QString &sessionId); // Conflict if another owns it
    ChatSession release(const Agent &agent, const QString &sessionId); // back to the assistant
    ChatMessage reply(const Agent &agent, const QString &sessionId, const QString &text,
        const QString &clientMessageId); // owner only
    ChatSession close(const Agent &agent, const QString &sessionId);

    // The session with this id; DomainError NotFound when there is none.
    ChatSession session(const QString &sessionId);
    // The session's messages after `afterSeq`, `limit` at most, oldest first.
    HistoryPage messages(const ChatSession &session, qint64 afterSeq, int limit);
    // The agent has read the session up to `upTo` (its last message when not given); audited.
    // Returns how many messages the agent has still unread there.
    qint64 markRead(const Agent &agent, const ChatSession &session, std::optional<qint64> upTo);

private:
    ChatSession existing(const QString &sessionId);
    ChatSession announce(const QString &sessionId, const Agent &agent, const QString &action);

    Store &m_store;
    LiveHub &m_hub;
    Sanitizer m_sanitizer;
};

} // namespace frontline
