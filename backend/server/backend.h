// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/serveroptions.h"
#include "core/clock.h"

#include <QObject>

#include <memory>

class QHttpServer;
class QTcpServer;

namespace frontline {

class AgentDesk;
class AgentDirectory;
class AgentRoutes;
class AssistantRouter;
class ChatRoutes;
class ChatService;
class ClusterBridge;
class LiveHub;
class RateLimiter;
class RateLimitHitBatcher;
class RateLimitPolicy;
class Store;

// The chat backend: the listening socket, the HTTP routes and the store, composed. It runs
// on the thread that created it (the main thread when headless, its own thread inside the
// console) and everything it owns stays there.
class Backend final : public QObject
{
    Q_OBJECT
public:
    // The clock is injected so tests can move time (rate-limit windows) without sleeping.
    explicit Backend(ServerOptions options, std::shared_ptr<const Clock> clock = nullptr,
        QObject *parent = nullptr);
    ~Backend() override;
    Q_DISABLE_COPY_MOVE(Backend)

    // Binds the address, opens and migrates the database, starts serving. On failure
    // returns false, errorString() says what to do, and nothing is left running.
    bool start();
    QString errorString() const;

    // Stops accepting connections, lets in-flight work finish, closes the database, then
    // emits stopped().
    void stop();

    QString url() const; // http://HOST:PORT with the real port
    Store *store() const;
    RateLimiter *rateLimiter() const;
    RateLimitHitBatcher *rateLimitHits() const;
    AssistantRouter *assistant() const;

    // Switches the assistant's mock mode at runtime: persisted in the database's settings,
    // written to the audit log, effective for the next reply. False when it cannot be left
    // (no API key, or CHAT_MOCK_MODE=true).
    bool setMockMode(bool mockMode, const QString &actor);
    // Sets the rate limits at runtime: persisted in the database's settings (they outlive
    // restarts unless limits are given on the command line or in the environment), audited.
    void setRateLimits(const RateLimitPolicy &policy, const QString &actor);
    // Changes the AI provider's URL, model or prompt at once; persisted, audited, announced.
    // Throws ApiError (403) for a URL whose origin may not receive the key; nothing changes then.
    void setProvider(const ProviderChange &change, const QString &actor);
    void checkProvider(const ProviderChange &change) const;

Q_SIGNALS:
    void stopped();

private:
    bool fail(const QString &message);
    bool onPostgresql() const;
    void applySettingOfAnotherNode(const QString &key, const QString &value);
    // Sets one of the provider's stored settings in m_options; false for another key or a bad
    // value.
    bool applyProviderSetting(const QString &key, const QString &value);
    // The running provider takes the URL, model and prompt of m_options.
    void reconfigureProvider();
    bool providerSettingFromLaunch(const QString &key) const;

    ServerOptions m_options;
    // Fixed at launch: a URL stored later (by an administrator, another node, an earlier run)
    // is applied only within them.
    ProviderOrigins m_providerOrigins;
    std::shared_ptr<const Clock> m_clock;
    QString m_node; // this process among the nodes sharing a PostgreSQL database
    QString m_errorString;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<RateLimiter> m_rateLimiter;
    std::unique_ptr<AssistantRouter> m_assistant;
    LiveHub *m_hub = nullptr;
    ClusterBridge *m_cluster = nullptr; // PostgreSQL only
    ChatService *m_chat = nullptr;
    RateLimitHitBatcher *m_rateLimitHits = nullptr;
    std::unique_ptr<ChatRoutes> m_chatRoutes;
    std::unique_ptr<AgentDirectory> m_agents;
    std::unique_ptr<AgentDesk> m_desk;
    std::unique_ptr<AgentRoutes> m_agentRoutes;
    QTcpServer *m_listener = nullptr;
    QHttpServer *m_http = nullptr;
};

} // namespace frontline
