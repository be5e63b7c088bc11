// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "attachmentlinks.h"
#include "domain/presence.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

namespace frontline {

namespace http {
class EventStream;
}
class AgentNames;
class LiveHub;
class SessionEventFeed;
struct Agent;
struct ChatMessage;
struct ChatSession;
struct Label;
struct CannedResponse;
struct KnowledgeArticle;
struct UnansweredQuestion;
struct RateLimitHit;
struct OutboxMail;

// What the hub announces, to the event streams open on this node: each event is serialized
// once and its bytes are shared by every stream that gets it, and a customer's stream is
// found by its session rather than by asking every stream. Writing never waits for a client:
// each stream's bytes wait in its own socket, so a slow reader delays no one else (and is cut
// once too far behind, see http::EventStream).
//
// An administrator's message is the exception: customers read its author in their own
// language, so its bytes are made once per language among the session's streams.
//
// Customer streams get their session's messages (through their SessionEventFeed, which keeps
// their order without gaps), status changes and the assistant's pieces; agent streams get
// every message (the agents' notes too, and a `mention` for each "@username" in a note),
// session change, rate-limit hit, setting change, agent's new name, agent's presence, label's
// change, canned response or knowledge base article added, changed or removed, unanswered
// question recorded or dismissed, and e-mail of the outbox. Typing crosses over:
// the customer's goes to the agents, an agent's to the customer; and agents get what the customer
// has seen.
class EventFanOut final : public QObject
{
    Q_OBJECT
public:
    // `names` names agents to customers (in their language) and to agents.
    // `links` says where each audience fetches a message's attachments.
    EventFanOut(LiveHub &hub, const AgentNames &names, const AttachmentLinks &links,
        QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(EventFanOut)

    // The feed is a child of the stream; both are forgotten when the stream goes.
    void addCustomerStream(
        const QString &sessionId, http::EventStream *stream, SessionEventFeed *feed);
    void addAgentStream(http::EventStream *stream);

    // {"sessionId","status","agentName"?}: a customer stream's first event, and each change.
    QByteArray customerStatus(const ChatSession &session) const;
    // The sessions with a customer stream open now (their customers are there).
    QStringList sessionsWithCustomerStreams();

private:
    struct CustomerStream
    {
        QPointer<http::EventStream> stream;
        QPointer<SessionEventFeed> feed;
    };

    void messageAdded(const ChatMessage &message);
    void sessionChanged(const ChatSession &session);
    void assistantDelta(const QString &sessionId, qint64 replyTo, const QString &text);
    void rateLimitHit(const RateLimitHit &hit);
    void settingsChanged(const QString &key, const QString &value, const QString &actor);
    void noteAdded(const ChatMessage &note, const QList<CustomerStream> &customers);
    void agentChanged(const Agent &agent);
    void presenceChanged(const QString &username, Presence presence);
    void cannedResponseSaved(const CannedResponse &response);
    void cannedResponseRemoved(qint64 id);
    void knowledgeArticleSaved(const KnowledgeArticle &article);
    void knowledgeArticleRemoved(qint64 id);
    void unansweredQuestionRecorded(const UnansweredQuestion &question);
    void unansweredQuestionDismissed(qint64 id);
    void typing(const QString &sessionId, const QString &agent, const QString &agentName);
    void customerSeen(const QString &sessionId, qint64 seq);
    void labelChanged(const Label &label, bool removed);
    void mailChanged(const OutboxMail &mail);
    void toAgents(const QByteArray &frame);
    AttachmentUrls customerUrls() const { return { m_links, AttachmentLinks::Audience::Customer }; }
    AttachmentUrls agentUrls() const { return { m_links, AttachmentLinks::Audience::Agents }; }
    // The open streams of a session, those gone forgotten; empty when none.
    QList<CustomerStream> customerStreams(const QString &sessionId);

    const AgentNames &m_names;
    const AttachmentLinks &m_links;
    QHash<QString, QList<CustomerStream>> m_customers; // by session id
    QList<QPointer<http::EventStream>> m_agents;
};

} // namespace frontline
