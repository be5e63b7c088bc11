// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentdesk.h"

#include "domain/domainerror.h"
#include "live/livehub.h"
#include "store/storeerror.h"

#include <QCoreApplication>

namespace frontline {

AgentDesk::AgentDesk(Store &store, LiveHub &hub, Sanitizer sanitizer)
    : m_store(store)
    , m_hub(hub)
    , m_sanitizer(sanitizer)
{
}

ChatSession AgentDesk::existing(const QString &sessionId)
{
    const auto session = m_store.session(sessionId);
    if (!session)
        throw DomainError::notFound(
            QCoreApplication::translate("AgentDesk", "No session has the id \"%1\".")
                .arg(sessionId));
    return *session;
}

ChatSession AgentDesk::announce(const QString &sessionId, const Agent &agent, const QString &action)
{
    m_store.appendAudit({ .actor = agent.username, .action = action, .target = sessionId });
    const ChatSession session = existing(sessionId);
    Q_EMIT m_hub.sessionChanged(session);
    return session;
}

ChatSession AgentDesk::claim(const Agent &agent, const QString &sessionId)
{
    const ChatSession session = existing(sessionId);
    if (session.status == SessionStatus::Closed)
        throw DomainError::sessionClosed();
    if (!m_store.claimSession(sessionId, agent.username)) {
        const ChatSession now = existing(sessionId);
        throw DomainError::conflict(QStringLiteral("claimed_by_another"),
            QCoreApplication::translate("AgentDesk", "%1 has already taken this session over.")
                .arg(now.assignedAgent));
    }
    return announce(sessionId, agent, QStringLiteral("session.claim"));
}

ChatSession AgentDesk::release(const Agent &agent, const QString &sessionId)
{
    existing(sessionId);
    if (!m_store.releaseSession(sessionId, agent.username))
        throw DomainError::conflict(QStringLiteral("not_owner"),
            QCoreApplication::translate(
                "AgentDesk", "You do not own this session; take it over first."));
    return announce(sessionId, agent, QStringLiteral("session.release"));
}

ChatMessage AgentDesk::reply(const Agent &agent, const QString &sessionId, const QString &text,
    const QString &clientMessageId)
{
    const ChatSession session = existing(sessionId);
    if (session.status == SessionStatus::Closed)
        throw DomainError::sessionClosed();
    if (session.status != SessionStatus::Assigned || session.assignedAgent != agent.username)
        throw DomainError::conflict(QStringLiteral("not_owner"),
            QCoreApplication::translate("AgentDesk", "Take the session over before replying."));
    const SanitizedText clean = m_sanitizer.clean(text);
    if (!clean.ok)
        throw DomainError::refusedText(QStringLiteral("message"), clean.error);
    NewMessage message;
    message.sessionId = sessionId;
    message.role = Role::Agent;
    message.content = clean.text;
    message.sanitized = clean.changed;
    message.clientMessageId = clientMessageId;
    message.agentName = agent.displayName;
    // The check above answers the common case; this one is the one that counts: the reply is
    // written only if the session is still the agent's at that moment (a release or claim on
    // another node may have come in between).
    message.requiredOwner = agent.username;
    AppendResult appended;
    try {
        appended = m_store.appendMessage(message, std::nullopt);
    } catch (const StoreError &error) {
        if (error.kind() != StoreError::Kind::Changed)
            throw;
        if (existing(sessionId).status == SessionStatus::Closed)
            throw DomainError::sessionClosed();
        throw DomainError::conflict(QStringLiteral("not_owner"),
            QCoreApplication::translate("AgentDesk", "Take the session over before replying."));
    }
    if (!appended.duplicate) {
        m_store.appendAudit({ .actor = agent.username,
            .action = QStringLiteral("session.reply"),
            .target = sessionId,
            .detail = appended.message.id });
        Q_EMIT m_hub.messageAdded(appended.message);
    }
    return appended.message;
}

ChatSession AgentDesk::close(const Agent &agent, const QString &sessionId)
{
    const ChatSession session = existing(sessionId);
    if (session.status == SessionStatus::Assigned && session.assignedAgent != agent.username
        && agent.role != AgentRole::Admin)
        throw DomainError::conflict(QStringLiteral("not_owner"),
            QCoreApplication::translate(
                "AgentDesk", "%1 owns this session; only they or an administrator can close it.")
                .arg(session.assignedAgent));
    m_store.setSessionStatus(sessionId, SessionStatus::Closed, session.assignedAgent);
    return announce(sessionId, agent, QStringLiteral("session.close"));
}

ChatSession AgentDesk::session(const QString &sessionId)
{
    return existing(sessionId);
}

HistoryPage AgentDesk::messages(const ChatSession &session, qint64 afterSeq, int limit)
{
    return readHistoryPage(m_store, session.id, afterSeq, limit);
}

qint64 AgentDesk::markRead(
    const Agent &agent, const ChatSession &session, std::optional<qint64> upTo)
{
    const qint64 seq = upTo.value_or(session.lastSeq);
    m_store.markRead(agent.username, session.id, seq);
    m_store.appendAudit({ .actor = agent.username,
        .action = QStringLiteral("session.read"),
        .target = session.id,
        .detail = QString::number(seq) });
    return m_store.unreadCount(agent.username, session.id);
}

} // namespace frontline
