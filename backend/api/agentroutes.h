// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agents/cannedresponses.h"
#include "agents/knowledgebase.h"
#include "agentstreams.h"
#include "attachmentlinks.h"
#include "chat/labeldesk.h"
#include "domain/agent.h"
#include "exchange.h"
#include "http/clientaddress.h"
#include "http/request.h"
#include "store/storeworkers.h"

#include <QJsonObject>
#include <QUrlQuery>

#include <chrono>
#include <functional>

namespace frontline {

namespace http {
class EventStream;
class Router;
} // namespace http

class AgentDesk;
class Assistant;
class Copilot;
class AttachmentDesk;
class AgentDirectory;
class AgentPresence;
class AgentNames;
class LiveHub;
class RateLimits;
class RuntimeSettings;
class EventFanOut;
class StoreWorkers;

// The agent API (/api/agent/...): every route but the sign-in needs "Authorization: Bearer
// <agent token>". HTTP only; AgentDirectory signs agents in, AgentDesk does the conversations.
class AgentRoutes final
{
public:
    // `names` shows the administrator's name (a setting) where an agent's name is shown;
    // `assistant` (the one answering customers) how a knowledge search is made.
    AgentRoutes(AgentDirectory &agents, const AgentNames &names, AgentDesk &desk,
        AttachmentDesk &attachments, const AttachmentLinks &links, AgentPresence &presence,
        StoreWorkers &store, LiveHub &hub, EventFanOut &fanOut, RateLimits &limiter,
        RuntimeSettings &settings, Copilot &copilot, const Assistant &assistant,
        http::ClientAddress clientAddress, qsizetype maxBodyBytes,
        std::chrono::milliseconds heartbeat);
    Q_DISABLE_COPY_MOVE(AgentRoutes)

    void addTo(http::Router &router);

private:
    // One call of a route: what was sent, copied (the handler runs once the token is checked,
    // perhaps after the request is gone), the way to answer, and who sent it (nobody for the
    // sign-in).
    struct Call
    {
        ExchangePtr exchange;
        Agent agent;
        QString token; // of "Authorization: Bearer"
        QString clientIp;
        QString pathArgument;
        QUrlQuery query;
        QByteArray body;
        QByteArray contentType;
        QString sessionId() const { return pathArgument; }
        QJsonObject json(qsizetype maxBodyBytes) const;
    };
    // A handler answers through the exchange, now or later; what goes wrong later reaches
    // `failed`, which answers with the error.
    using Handler = void (AgentRoutes::*)(const Call &call, const StoreFailure &failed);
    enum class Access { Anyone, SignedIn };
    struct Route
    {
        http::Method method;
        const char *path;
        Access access;
        Handler handler;
    };
    static const QList<Route> &routes();

    // Authenticates the caller (for a SignedIn route), runs the handler, and turns every
    // exception into an error answer.
    void serve(const Route &route, const http::Request &request, http::Responder &&responder);
    static void refuseMethod(
        const Route &route, http::Responder &&responder, http::Method expected);

    void login(const Call &call, const StoreFailure &failed);
    void logout(const Call &call, const StoreFailure &failed);
    void me(const Call &call, const StoreFailure &failed);
    void rename(const Call &call, const StoreFailure &failed);
    void changePassword(const Call &call, const StoreFailure &failed);
    void sessions(const Call &call, const StoreFailure &failed);
    void messages(const Call &call, const StoreFailure &failed);
    void claim(const Call &call, const StoreFailure &failed);
    void release(const Call &call, const StoreFailure &failed);
    void close(const Call &call, const StoreFailure &failed);
    void reply(const Call &call, const StoreFailure &failed);
    void note(const Call &call, const StoreFailure &failed);
    // The team (agentteamroutes.cpp): who is there, one's own presence, transfers.
    void team(const Call &call, const StoreFailure &failed);
    void setPresence(const Call &call, const StoreFailure &failed);
    void transfer(const Call &call, const StoreFailure &failed);
    // Labels and a customer's earlier conversations (agentlabelroutes.cpp).
    void labels(const Call &call, const StoreFailure &failed);
    void addLabel(const Call &call, const StoreFailure &failed);
    void changeLabel(const Call &call, const StoreFailure &failed);
    void removeLabel(const Call &call, const StoreFailure &failed);
    void setSessionLabels(const Call &call, const StoreFailure &failed);
    void pastConversations(const Call &call, const StoreFailure &failed);
    // The canned responses every console shares (agentcannedroutes.cpp).
    void cannedResponses(const Call &call, const StoreFailure &failed);
    void addCannedResponse(const Call &call, const StoreFailure &failed);
    void changeCannedResponse(const Call &call, const StoreFailure &failed);
    void removeCannedResponse(const Call &call, const StoreFailure &failed);
    // The knowledge base (agentknowledgeroutes.cpp).
    void knowledgeArticles(const Call &call, const StoreFailure &failed);
    void knowledgeArticle(const Call &call, const StoreFailure &failed);
    void addKnowledgeArticle(const Call &call, const StoreFailure &failed);
    void changeKnowledgeArticle(const Call &call, const StoreFailure &failed);
    void removeKnowledgeArticle(const Call &call, const StoreFailure &failed);
    void searchKnowledge(const Call &call, const StoreFailure &failed);
    void unansweredQuestions(const Call &call, const StoreFailure &failed);
    void dismissUnansweredQuestion(const Call &call, const StoreFailure &failed);
    // The copilot (agentcopilotroutes.cpp): a draft reply, a summary, a translation.
    void suggestReply(const Call &call, const StoreFailure &failed);
    void summarizeSession(const Call &call, const StoreFailure &failed);
    void translateMessage(const Call &call, const StoreFailure &failed);
    // Attachments (agentattachmentroutes.cpp): an agent's upload, and any file to read.
    void uploadAttachment(const Call &call, const StoreFailure &failed);
    void attachmentFile(const Call &call, const StoreFailure &failed);
    void attachmentThumbnail(const Call &call, const StoreFailure &failed);
    // The e-mail outbox (agentmailroutes.cpp): its rows, a session's, an administrator's retry.
    void outbox(const Call &call, const StoreFailure &failed);
    void sessionMails(const Call &call, const StoreFailure &failed);
    void retryMail(const Call &call, const StoreFailure &failed);
    AttachmentUrls agentUrls() const { return { m_links, AttachmentLinks::Audience::Agents }; }
    // Counts the stream for its agent's presence while it is open.
    void followPresence(http::EventStream *stream, const QString &username);
    // {"username","displayName","role"}, as /me shows an agent.
    QJsonObject agentJson(const Agent &agent) const;
    void markRead(const Call &call, const StoreFailure &failed);
    // The owner types a reply: 204, and the customer's page says so.
    void typing(const Call &call, const StoreFailure &failed);
    void settings(const Call &call, const StoreFailure &failed);
    void changeSettings(const Call &call, const StoreFailure &failed);
    void rateLimitHits(const Call &call, const StoreFailure &failed);
    void rateLimitsPerMinute(const Call &call, const StoreFailure &failed);
    void liftRateLimit(const Call &call, const StoreFailure &failed);
    void usage(const Call &call, const StoreFailure &failed);
    void events(const Call &call, const StoreFailure &failed);

    AgentDirectory &m_agents;
    const AgentNames &m_names;
    AgentDesk &m_desk;
    AttachmentDesk &m_attachments;
    const AttachmentLinks &m_links;
    AgentPresence &m_presence;
    StoreWorkers &m_store;
    LiveHub &m_hub;
    EventFanOut &m_fanOut;
    RateLimits &m_limiter;
    RuntimeSettings &m_settings;
    Copilot &m_copilot;
    const Assistant &m_assistant;
    http::ClientAddress m_clientAddress;
    qsizetype m_maxBodyBytes;
    std::chrono::milliseconds m_heartbeat;
    AgentStreams m_streams; // ended when their token is revoked
    LabelDesk m_labels;
    CannedResponses m_canned;
    KnowledgeBase m_knowledge;
    // The context of the store work the handlers give the workers themselves: what is still on
    // its way when the routes go is dropped with it.
    QObject m_pending;
};

} // namespace frontline
