// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agentstreams.h"
#include "exchange.h"
#include "http/clientaddress.h"

#include <QHttpServerRequest>
#include <QJsonObject>

#include <chrono>
#include <functional>

class QHttpServer;

namespace frontline {

class AgentDesk;
class AgentDirectory;
class LiveHub;
class RateLimiter;
class RuntimeSettings;
class Store;
struct Agent;

// The agent API (/api/agent/...): every route needs "Authorization: Bearer <agent token>".
// HTTP only; AgentDesk does the conversations.
class AgentRoutes final
{
public:
    AgentRoutes(AgentDirectory &agents, AgentDesk &desk, Store &store, LiveHub &hub,
        RateLimiter &limiter, RuntimeSettings &settings, http::ClientAddress clientAddress,
        qsizetype maxBodyBytes, std::chrono::milliseconds heartbeat);
    Q_DISABLE_COPY_MOVE(AgentRoutes)

    void registerOn(QHttpServer &server);

private:
    using Handler
        = std::function<void(const Agent &, const QHttpServerRequest &, const ExchangePtr &)>;
    void serve(const QHttpServerRequest &request, QHttpServerResponder &&responder,
        QHttpServerRequest::Method method, const Handler &handler);

    void sessions(
        const Agent &agent, const QHttpServerRequest &request, const ExchangePtr &exchange);
    void messages(
        const QString &sessionId, const QHttpServerRequest &request, const ExchangePtr &exchange);
    void events(const ExchangePtr &exchange, const QString &tokenHash);
    void rateLimitHits(const QHttpServerRequest &request, const ExchangePtr &exchange);
    void rateLimitsPerMinute(const QHttpServerRequest &request, const ExchangePtr &exchange);
    void liftRateLimit(
        const Agent &agent, const QHttpServerRequest &request, const ExchangePtr &exchange);

    AgentDirectory &m_agents;
    AgentDesk &m_desk;
    Store &m_store;
    LiveHub &m_hub;
    RateLimiter &m_limiter;
    RuntimeSettings &m_settings;
    http::ClientAddress m_clientAddress;
    qsizetype m_maxBodyBytes;
    std::chrono::milliseconds m_heartbeat;
    AgentStreams m_streams; // ended when their token is revoked
};

} // namespace frontline
