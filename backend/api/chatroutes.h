// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "attachmentlinks.h"
#include "exchange.h"
#include "http/clientaddress.h"
#include "http/cors.h"
#include "http/eventstreamquota.h"
#include "http/request.h"
#include "store/storeworkers.h"

#include <chrono>

namespace frontline {

namespace http {
class Router;
}

class AgentNames;
class AttachmentDesk;
class ChatService;
class CustomerActivity;
class CustomerMail;
class EventFanOut;
struct RateLimitDecision;
class LiveHub;
class RateLimits;
class RateLimitHitBatcher;
class StoreWorkers;
struct ChatSession;

struct ChatRoutesOptions
{
    qsizetype maxBodyBytes = 64 * 1024;
    std::chrono::milliseconds heartbeat { 15000 };
    http::EventStreamQuotaLimits streams;
};

// The customer chat API of the original app, kept path for path:
//   POST /api/chat/create-session, POST /api/chat/message, GET /api/chat/history,
// and what Frontline adds: GET /api/chat/events (server-sent events), POST /api/chat/handoff,
// POST /api/chat/contact, POST /api/chat/typing, POST /api/chat/seen and attachments: POST
// /api/chat/attachments (the file as the body) and GET /api/chat/attachments/{id}[/thumbnail] (by
// a signed link, or the session's token), and e-mail: POST /api/chat/resume (a reply e-mail's
// link) and POST /api/chat/transcript.
// Session tokens are taken from the Authorization header only (never from a URL, which
// proxies log); EventSource, which cannot send headers, gets a stream ticket first
// (POST /api/chat/events/ticket). GET /api/chat/widget-config, open to every site and
// served from memory, is apart (widgetconfigroute.h), as is GET /api/chat/availability
// (availabilityroute.h).
// This class does HTTP only (decoding, auth headers, rate limits, CORS); ChatService does
// the conversation.
class ChatRoutes final
{
public:
    // `agents` gives the names customers see of the agents who answer them.
    ChatRoutes(ChatService &chat, AttachmentDesk &attachments, StoreWorkers &store,
        const AgentNames &agents, const AttachmentLinks &links, LiveHub &hub, EventFanOut &fanOut,
        RateLimits &limiter, RateLimitHitBatcher &hits, CustomerActivity &activity,
        CustomerMail &customerMail, http::Cors cors, http::ClientAddress clientAddress,
        ChatRoutesOptions options);
    Q_DISABLE_COPY_MOVE(ChatRoutes)

    void addTo(http::Router &router);

private:
    // A handler answers through the exchange, now or later; what goes wrong later reaches
    // `failed`, which answers with the error (and the rate-limit headers still missing).
    using Handler = void (ChatRoutes::*)(
        const http::Request &, const ExchangePtr &, const StoreFailure &failed);
    struct Route
    {
        http::Method method;
        const char *path;
        const char *rateLimitedAs; // the limit whose headers an early refusal still carries
        Handler handler;
    };
    static const QList<Route> &routes();

    // Runs the route's handler, answers preflights and other methods, and turns every
    // exception into an error answer.
    void serve(const Route &route, const http::Request &request, http::Responder &&responder);

    void createSession(
        const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed);
    void postMessage(
        const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed);
    void history(
        const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed);
    void events(
        const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed);
    void eventsTicket(
        const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed);
    // POST /api/chat/handoff {"sessionId"}: {"session","availability"}.
    void handoff(
        const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed);
    // POST /api/chat/contact {"sessionId","email","name"?}: {"session"}; how to reach the
    // customer when nobody can answer now.
    void contact(
        const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed);
    // POST /api/chat/typing {"sessionId"}: 204, announced unless over its limit (then dropped).
    void typing(
        const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed);
    // POST /api/chat/seen {"sessionId","seq"}: 204; stored if higher than before.
    void seen(
        const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed);
    // POST /api/chat/attachments?sessionId&filename[&clientId], the file as the body: 201
    // {"attachment"} (200 with the same one for a clientId sent before).
    void uploadAttachment(
        const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed);
    // GET /api/chat/attachments/{id}[/thumbnail]?expires&signature, or ?sessionId with the
    // session's token.
    void attachmentFile(
        const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed);
    void attachmentThumbnail(
        const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed);
    void serveAttachment(const http::Request &request, bool thumbnail, const ExchangePtr &exchange,
        const StoreFailure &failed);
    // POST /api/chat/resume {"resume"}: the session of a reply e-mail's link, with a new token.
    void resume(
        const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed);
    // POST /api/chat/transcript {"sessionId","email"?}: 202 {"mail":{"state","to"}}.
    void transcript(
        const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed);
    // ChatService::authenticate, noting that the session's customer is there (CustomerActivity).
    void authenticate(const QString &sessionId, const QString &token,
        std::function<void(const ChatSession &)> done, StoreFailure failed);
    AttachmentUrls customerUrls() const { return { m_links, AttachmentLinks::Audience::Customer }; }
    // Opens the event stream of an authenticated session, from `after` on.
    void openStream(const ChatSession &session, qint64 after, const QString &address,
        const ExchangePtr &exchange);

    // Counts the request against its route's limits and adds the RateLimit-* headers, then
    // calls `passed` with the decision. A refusal (DomainError Limited, 429, recorded as a
    // hit) or limits out of reach (StoreError, 503) go to `refused`, and so does whatever
    // `passed` throws.
    void enforceRateLimit(const QString &route, const QString &clientIp,
        const ExchangePtr &exchange, const ChatSession *session,
        std::function<void(const RateLimitDecision &)> passed, StoreFailure refused);
    static void addRateLimitHeaders(const ExchangePtr &exchange, const RateLimitDecision &decision);

    ChatService &m_chat;
    AttachmentDesk &m_attachments;
    StoreWorkers &m_store;
    const AgentNames &m_agents;
    const AttachmentLinks &m_links;
    LiveHub &m_hub;
    EventFanOut &m_fanOut;
    RateLimits &m_limiter;
    RateLimitHitBatcher &m_hits;
    CustomerActivity &m_activity;
    CustomerMail &m_customerMail;
    http::Cors m_cors;
    http::ClientAddress m_clientAddress;
    ChatRoutesOptions m_options;
    // Shared with the streams, which give their place back when they go.
    std::shared_ptr<http::EventStreamQuota> m_streams;
};

} // namespace frontline
