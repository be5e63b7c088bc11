// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agentstreams.h"
#include "exchange.h"
#include "http/clientaddress.h"
#include "http/request.h"

#include <QJsonObject>

#include <chrono>
#include <functional>

namespace frontline {

namespace http {
class Router;
}

class AgentDesk;
class AgentDirectory;
class LiveHub;
class RateLimiter;
class RuntimeSettings;
class EventFanOut;
class Store;
struct Agent;

// The agent API (/api/agent/...): every route but the sign-in needs "Authorization: Bearer
// <agent token>". HTTP only; AgentDirectory signs agents in, AgentDesk does the conversations.
class AgentRoutes final
{
public:
    AgentRoutes(AgentDirectory &agents, AgentDesk &desk, Store &store, LiveHub &hub,
        EventFanOut &fanOut, RateLimiter &limiter, RuntimeSettings &settings,
        http::ClientAddress clientAddress, qsizetype maxBodyBytes,
        std::chrono::milliseconds heartbeat);
    Q_DISABLE_COPY_MOVE(AgentRoutes)

    void addTo(http::Router &router);

private:
    // One call of a route: what was sent, the way to answer, and who sent it (nobody yet for
    // the sign-in).
    struct Call
    {
        const http::Request &request;
        const ExchangePtr &exchange;
        const Agent *agent;
        QString sessionId() const { return request.pathArgument(); }
    };
    using Handler = void (AgentRoutes::*)(const Call &call);
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

    void login(const Call &call);
    void logout(const Call &call);
    void me(const Call &call);
    void sessions(const Call &call);
    void messages(const Call &call);
    void claim(const Call &call);
    void release(const Call &call);
    void close(const Call &call);
    void reply(const Call &call);
    void markRead(const Call &call);
    void settings(const Call &call);
    void changeSettings(const Call &call);
    void rateLimitHits(const Call &call);
    void rateLimitsPerMinute(const Call &call);
    void liftRateLimit(const Call &call);
    void usage(const Call &call);
    void events(const Call &call);

    AgentDirectory &m_agents;
    AgentDesk &m_desk;
    Store &m_store;
    LiveHub &m_hub;
    EventFanOut &m_fanOut;
    RateLimiter &m_limiter;
    RuntimeSettings &m_settings;
    http::ClientAddress m_clientAddress;
    qsizetype m_maxBodyBytes;
    std::chrono::milliseconds m_heartbeat;
    AgentStreams m_streams; // ended when their token is revoked
};

} // namespace frontline
