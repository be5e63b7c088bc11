// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventfanout.h"

#include "agentnames.h"
#include "domain/administratorname.h"
#include "domain/agent.h"
#include "domain/chatmessage.h"
#include "domain/chatsession.h"
#include "domain/mentions.h"
#include "domain/ratelimithit.h"
#include "http/eventstream.h"
#include "jsoncodec.h"
#include "live/livehub.h"
#include "sessioneventfeed.h"

#include <QJsonDocument>

namespace frontline {

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

EventFanOut::EventFanOut(
    LiveHub &hub, const AgentNames &names, const AttachmentLinks &links, QObject *parent)
    : QObject(parent)
    , m_names(names)
    , m_links(links)
{
    connect(&hub, &LiveHub::messageAdded, this, &EventFanOut::messageAdded);
    connect(&hub, &LiveHub::sessionChanged, this, &EventFanOut::sessionChanged);
    connect(&hub, &LiveHub::assistantDelta, this, &EventFanOut::assistantDelta);
    connect(&hub, &LiveHub::rateLimitHit, this, &EventFanOut::rateLimitHit);
    connect(&hub, &LiveHub::settingsChanged, this, &EventFanOut::settingsChanged);
    connect(&hub, &LiveHub::agentChanged, this, &EventFanOut::agentChanged);
    connect(&hub, &LiveHub::presenceChanged, this, &EventFanOut::presenceChanged);
    connect(&hub, &LiveHub::cannedResponseSaved, this, &EventFanOut::cannedResponseSaved);
    connect(&hub, &LiveHub::cannedResponseRemoved, this, &EventFanOut::cannedResponseRemoved);
    connect(&hub, &LiveHub::knowledgeArticleSaved, this, &EventFanOut::knowledgeArticleSaved);
    connect(&hub, &LiveHub::knowledgeArticleRemoved, this, &EventFanOut::knowledgeArticleRemoved);
    connect(
        &hub, &LiveHub::unansweredQuestionRecorded, this, &EventFanOut::unansweredQuestionRecorded);
    connect(&hub, &LiveHub::unansweredQuestionDismissed, this,
        &EventFanOut::unansweredQuestionDismissed);
    connect(&hub, &LiveHub::mailChanged, this, &EventFanOut::mailChanged);
    connect(&hub, &LiveHub::typing, this, &EventFanOut::typing);
    connect(&hub, &LiveHub::customerSeen, this, &EventFanOut::customerSeen);
    connect(&hub, &LiveHub::labelChanged, this, &EventFanOut::labelChanged);
}

void EventFanOut::addCustomerStream(
    const QString &sessionId, http::EventStream *stream, SessionEventFeed *feed)
{
    m_customers[sessionId].append({ stream, feed });
    connect(stream, &QObject::destroyed, this, [this, sessionId] { customerStreams(sessionId); });
}

void EventFanOut::addAgentStream(http::EventStream *stream)
{
    m_agents.append(stream);
    connect(stream, &QObject::destroyed, this,
        [this] { m_agents.removeIf([](const QPointer<http::EventStream> &s) { return !s; }); });
}

QList<EventFanOut::CustomerStream> EventFanOut::customerStreams(const QString &sessionId)
{
    const auto it = m_customers.find(sessionId);
    if (it == m_customers.end())
        return {};
    it->removeIf([](const CustomerStream &c) { return !c.stream || !c.feed; });
    if (it->isEmpty()) {
        m_customers.erase(it);
        return {};
    }
    return *it;
}

QStringList EventFanOut::sessionsWithCustomerStreams()
{
    QStringList open;
    for (const QString &sessionId : m_customers.keys()) {
        if (!customerStreams(sessionId).isEmpty())
            open.append(sessionId);
    }
    return open;
}

QByteArray EventFanOut::customerStatus(const ChatSession &session) const
{
    QJsonObject event { { QStringLiteral("sessionId"), session.id },
        { QStringLiteral("status"), sessionStatusName(session.status) } };
    const QString agentName = m_names.joinedAgent(session);
    if (!agentName.isEmpty())
        event.insert(QStringLiteral("agentName"), agentName);
    return compact(event);
}

void EventFanOut::messageAdded(const ChatMessage &message)
{
    const QList<CustomerStream> customers = customerStreams(message.sessionId);
    if (message.role == Role::Note) {
        noteAdded(message, customers);
        return;
    }
    if (administratorname::isMark(message.agentName)) {
        QHash<QString, QByteArray> frames; // by locale: a session's streams share one
        for (const CustomerStream &customer : customers) {
            const QString &locale = customer.feed->locale();
            auto frame = frames.find(locale);
            if (frame == frames.end())
                frame = frames.insert(locale,
                    http::EventStream::frame(QByteArrayLiteral("message"),
                        compact(
                            json::message(m_names.forCustomer(message, locale), customerUrls())),
                        message.seq));
            customer.feed->onMessageAdded(message, *frame);
        }
        if (!m_agents.isEmpty())
            toAgents(http::EventStream::frame(QByteArrayLiteral("message"),
                compact(json::message(m_names.forAgents(message), agentUrls()))));
        return;
    }
    // Customers and agents fetch attachments by different links: a message with some is
    // serialized for each.
    const QByteArray data = compact(json::message(message, customerUrls()));
    if (!customers.isEmpty()) {
        const QByteArray frame
            = http::EventStream::frame(QByteArrayLiteral("message"), data, message.seq);
        for (const CustomerStream &customer : customers)
            customer.feed->onMessageAdded(message, frame);
    }
    if (!m_agents.isEmpty())
        toAgents(http::EventStream::frame(QByteArrayLiteral("message"),
            message.attachments.isEmpty() ? data : compact(json::message(message, agentUrls()))));
}

// A note goes to the consoles only. The customer's feeds are told of it all the same, with no
// frame, so that they know its number was taken and the next message follows on. Each
// "@username" in it is announced to every console as a `mention` naming that agent, which the
// console of that agent alone takes up: the event is derived from the note wherever it is
// announced, so it reaches the consoles of every node with the note itself.
void EventFanOut::noteAdded(const ChatMessage &note, const QList<CustomerStream> &customers)
{
    for (const CustomerStream &customer : customers)
        customer.feed->onMessageAdded(note, QByteArray());
    if (m_agents.isEmpty())
        return;
    toAgents(http::EventStream::frame(QByteArrayLiteral("message"),
        compact(json::message(m_names.forAgents(note), agentUrls()))));
    for (const QString &username : mentionedUsernames(note.content)) {
        toAgents(http::EventStream::frame(QByteArrayLiteral("mention"),
            compact({ { QStringLiteral("sessionId"), note.sessionId },
                { QStringLiteral("noteId"), note.id }, { QStringLiteral("seq"), note.seq },
                { QStringLiteral("username"), username },
                { QStringLiteral("by"), m_names.forAgents(note.agentName) } })));
    }
}

void EventFanOut::sessionChanged(const ChatSession &session)
{
    const QList<CustomerStream> customers = customerStreams(session.id);
    if (!customers.isEmpty()) {
        const QByteArray frame
            = http::EventStream::frame(QByteArrayLiteral("status"), customerStatus(session));
        for (const CustomerStream &customer : customers)
            customer.stream->sendFrame(frame);
    }
    if (!m_agents.isEmpty())
        toAgents(http::EventStream::frame(
            QByteArrayLiteral("session"), compact(json::agentSession(session))));
}

void EventFanOut::assistantDelta(const QString &sessionId, qint64 replyTo, const QString &text)
{
    const QList<CustomerStream> customers = customerStreams(sessionId);
    if (customers.isEmpty())
        return;
    const QByteArray frame = http::EventStream::frame(QByteArrayLiteral("delta"),
        compact({ { QStringLiteral("sessionId"), sessionId },
            { QStringLiteral("replyTo"), replyTo }, { QStringLiteral("text"), text } }));
    for (const CustomerStream &customer : customers)
        customer.stream->sendFrame(frame);
}

void EventFanOut::rateLimitHit(const RateLimitHit &hit)
{
    if (!m_agents.isEmpty())
        toAgents(http::EventStream::frame(
            QByteArrayLiteral("rate-limit-hit"), compact(json::rateLimitHit(hit))));
}

void EventFanOut::settingsChanged(const QString &key, const QString &value, const QString &actor)
{
    if (!m_agents.isEmpty())
        toAgents(http::EventStream::frame(QByteArrayLiteral("settings"),
            compact({ { QStringLiteral("key"), key }, { QStringLiteral("value"), value },
                { QStringLiteral("actor"), actor } })));
}

// {"username","displayName","role"}, as GET /api/agent/me shows the agent: consoles rename it
// where they show it, and the agent's own console its account.
void EventFanOut::agentChanged(const Agent &agent)
{
    if (!m_agents.isEmpty())
        toAgents(http::EventStream::frame(QByteArrayLiteral("agent"),
            compact({ { QStringLiteral("username"), agent.username },
                { QStringLiteral("displayName"), m_names.forAgents(agent.displayName) },
                { QStringLiteral("role"), roleName(agent.role) } })));
}

// {"username","status"}: "online", "away" or "offline", once per change, from any node.
void EventFanOut::presenceChanged(const QString &username, Presence presence)
{
    if (!m_agents.isEmpty())
        toAgents(http::EventStream::frame(QByteArrayLiteral("presence"),
            compact({ { QStringLiteral("username"), username },
                { QStringLiteral("status"), presenceName(presence) } })));
}

// {"id","deleted":false,"cannedResponse":{...}} once added or changed, {"id","deleted":true}
// once removed: consoles update the list the composer offers.
void EventFanOut::cannedResponseSaved(const CannedResponse &response)
{
    if (!m_agents.isEmpty())
        toAgents(http::EventStream::frame(QByteArrayLiteral("canned"),
            compact({ { QStringLiteral("id"), response.id }, { QStringLiteral("deleted"), false },
                { QStringLiteral("cannedResponse"), json::cannedResponse(response) } })));
}

void EventFanOut::cannedResponseRemoved(qint64 id)
{
    if (!m_agents.isEmpty())
        toAgents(http::EventStream::frame(QByteArrayLiteral("canned"),
            compact({ { QStringLiteral("id"), id }, { QStringLiteral("deleted"), true } })));
}

// {"id","deleted":false,"article":{...}} once added or changed, {"id","deleted":true} once
// removed: consoles update the knowledge window.
void EventFanOut::knowledgeArticleSaved(const KnowledgeArticle &article)
{
    if (!m_agents.isEmpty())
        toAgents(http::EventStream::frame(QByteArrayLiteral("knowledge"),
            compact({ { QStringLiteral("id"), article.id }, { QStringLiteral("deleted"), false },
                { QStringLiteral("article"), json::knowledgeArticle(article) } })));
}

void EventFanOut::knowledgeArticleRemoved(qint64 id)
{
    if (!m_agents.isEmpty())
        toAgents(http::EventStream::frame(QByteArrayLiteral("knowledge"),
            compact({ { QStringLiteral("id"), id }, { QStringLiteral("deleted"), true } })));
}

// {"id","dismissed":false,"question":{...}} once a question the knowledge base did not answer
// is recorded, {"id","dismissed":true} once dismissed: consoles update the unanswered list.
void EventFanOut::unansweredQuestionRecorded(const UnansweredQuestion &question)
{
    if (!m_agents.isEmpty())
        toAgents(http::EventStream::frame(QByteArrayLiteral("unanswered"),
            compact({ { QStringLiteral("id"), question.id }, { QStringLiteral("dismissed"), false },
                { QStringLiteral("question"), json::unansweredQuestion(question) } })));
}

void EventFanOut::unansweredQuestionDismissed(qint64 id)
{
    if (!m_agents.isEmpty())
        toAgents(http::EventStream::frame(QByteArrayLiteral("unanswered"),
            compact({ { QStringLiteral("id"), id }, { QStringLiteral("dismissed"), true } })));
}

// {"mail": Mail} whenever a row of the outbox changes: consoles show what went by e-mail, what
// waits and why, what failed.
void EventFanOut::mailChanged(const OutboxMail &mail)
{
    if (!m_agents.isEmpty())
        toAgents(http::EventStream::frame(
            QByteArrayLiteral("mail"), compact({ { QStringLiteral("mail"), json::mail(mail) } })));
}

// The customer's typing goes to the consoles, {"sessionId","who":"customer"}; an agent's to the
// customer's streams, {"sessionId","who":"agent","name"} with the name the customer sees of
// them (empty only when nobody knows it: the page says "an agent").
void EventFanOut::typing(const QString &sessionId, const QString &agent, const QString &agentName)
{
    if (agent.isEmpty()) {
        if (!m_agents.isEmpty())
            toAgents(http::EventStream::frame(QByteArrayLiteral("typing"),
                compact({ { QStringLiteral("sessionId"), sessionId },
                    { QStringLiteral("who"), QStringLiteral("customer") } })));
        return;
    }
    // The name as stored when the announcement brings it, else as memory knows it.
    const QString name = agentName.isEmpty() ? m_names.displayNameOf(agent) : agentName;
    for (const CustomerStream &customer : customerStreams(sessionId)) {
        customer.stream->sendFrame(http::EventStream::frame(QByteArrayLiteral("typing"),
            compact({ { QStringLiteral("sessionId"), sessionId },
                { QStringLiteral("who"), QStringLiteral("agent") },
                { QStringLiteral("name"), m_names.forCustomer(name, customer.feed->locale()) } })));
    }
}

// {"sessionId","seq"}: the customer's page has shown the messages up to seq.
void EventFanOut::customerSeen(const QString &sessionId, qint64 seq)
{
    if (!m_agents.isEmpty())
        toAgents(http::EventStream::frame(QByteArrayLiteral("seen"),
            compact(
                { { QStringLiteral("sessionId"), sessionId }, { QStringLiteral("seq"), seq } })));
}

// {"label":{"id","name","colour","createdAt"},"removed"}: a label added, renamed, recoloured
// or deleted (then only its id is sure), from any node. Consoles read the labels again.
void EventFanOut::labelChanged(const Label &label, bool removed)
{
    if (!m_agents.isEmpty())
        toAgents(http::EventStream::frame(QByteArrayLiteral("labels"),
            compact({ { QStringLiteral("label"), json::label(label) },
                { QStringLiteral("removed"), removed } })));
}

void EventFanOut::toAgents(const QByteArray &frame)
{
    // A copy: a write that cuts a stream deletes it later, never during this loop.
    const QList<QPointer<http::EventStream>> agents = m_agents;
    for (const QPointer<http::EventStream> &stream : agents) {
        if (stream)
            stream->sendFrame(frame);
    }
}

} // namespace frontline
