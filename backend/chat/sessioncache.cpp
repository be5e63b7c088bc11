// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessioncache.h"

#include "domain/chatmessage.h"
#include "live/livehub.h"

namespace frontline {

SessionCache::SessionCache(LiveHub &hub, int capacity, QObject *parent)
    : QObject(parent)
    , m_sessions(capacity)
{
    connect(&hub, &LiveHub::sessionChanged, this, &SessionCache::sessionChanged);
    connect(&hub, &LiveHub::messageAdded, this, &SessionCache::messageAdded);
    connect(&hub, &LiveHub::customerSeen, this, &SessionCache::customerSeen);
}

std::optional<ChatSession> SessionCache::find(const QString &id)
{
    if (const ChatSession *session = m_sessions.object(id))
        return *session;
    return std::nullopt;
}

void SessionCache::remember(const ChatSession &session)
{
    if (!m_sessions.contains(session.id))
        m_sessions.insert(session.id, new ChatSession(session));
}

void SessionCache::sessionChanged(const ChatSession &session)
{
    ChatSession *known = m_sessions.object(session.id);
    if (!known) {
        m_sessions.insert(session.id, new ChatSession(session));
        return;
    }
    // An announcement may be older than a message added since (another node's, relayed late).
    const qint64 lastSeq = std::max(known->lastSeq, session.lastSeq);
    const qint64 seen = std::max(known->customerSeenSeq, session.customerSeenSeq);
    *known = session;
    known->lastSeq = lastSeq;
    known->customerSeenSeq = seen;
}

void SessionCache::customerSeen(const QString &sessionId, qint64 seq)
{
    if (ChatSession *known = m_sessions.object(sessionId))
        known->customerSeenSeq = std::max(known->customerSeenSeq, seq);
}

void SessionCache::messageAdded(const ChatMessage &message)
{
    if (ChatSession *known = m_sessions.object(message.sessionId)) {
        if (message.seq > known->lastSeq) {
            known->lastSeq = message.seq;
            known->lastMessageAt = message.createdAt;
            known->updatedAt = message.createdAt;
        }
    }
}

} // namespace frontline
