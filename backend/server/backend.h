// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/serveroptions.h"
#include "core/clock.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QTcpServer;

namespace frontline {

namespace http {
class Router;
}

class AgentDesk;
class AgentDirectory;
class AgentNames;
class AgentPresence;
class AgentRoutes;
class AttachmentDesk;
class AttachmentLinks;
class AssistantRouter;
class AutoAssigner;
class ChatRoutes;
class ChatService;
class Copilot;
class CustomerActivity;
class CustomerMail;
class ReplyMailer;
class ClusterListener;
class LiveHub;
class MailOutbox;
class RateLimitLedgers;
class RateLimits;
class RateLimitHitBatcher;
class RuntimeSettings;
class DatabaseHealth;
class SessionCache;
class TeamAvailability;
class Store;
class StoreWorkers;
struct RuntimeSettingsLaunch;

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
    // A connection of this thread's own, for tests and start-up: requests are served by the
    // store workers.
    Store *store() const;
    RateLimits *rateLimits() const;
    RateLimitHitBatcher *rateLimitHits() const;
    AssistantRouter *assistant() const;
    // The sweep that e-mails agents' replies to customers who left; null without e-mail.
    ReplyMailer *replyMailer() const;

    // Mock mode, the rate limits and the AI provider's settings, as agents change them.
    RuntimeSettings *settings() const;
    // The agents' copilot (suggest a reply, summarize, translate), for the agent routes.
    Copilot *copilot() const;

Q_SIGNALS:
    void stopped();

private:
    bool fail(const QString &message);
    bool onPostgresql() const;
    static int defaultStoreReaders();
    RuntimeSettingsLaunch runtimeSettingsLaunch() const;
    // The assistant, the rate limiter and the agents' event streams follow the settings.
    void followSettings();

    ServerOptions m_options;
    // Fixed at launch: a URL stored later (by an administrator, another node, an earlier run)
    // is applied only within them.
    ProviderOrigins m_providerOrigins;
    std::shared_ptr<const Clock> m_clock;
    QString m_node; // this process among the nodes sharing a PostgreSQL database
    QString m_errorString;
    std::unique_ptr<StoreWorkers> m_workers;
    std::unique_ptr<Store> m_store;
    SessionCache *m_sessions = nullptr;
    DatabaseHealth *m_health = nullptr;
    std::unique_ptr<RateLimitLedgers> m_rateLimitLedgers;
    std::unique_ptr<RateLimits> m_rateLimiter;
    std::unique_ptr<AssistantRouter> m_assistant;
    LiveHub *m_hub = nullptr;
    RuntimeSettings *m_settings = nullptr;
    ClusterListener *m_cluster = nullptr; // PostgreSQL only
    std::unique_ptr<TeamAvailability> m_availability; // before m_chat, which reads it
    ChatService *m_chat = nullptr;
    RateLimitHitBatcher *m_rateLimitHits = nullptr;
    std::unique_ptr<CustomerActivity> m_customerActivity; // before m_chatRoutes, which touches it
    std::unique_ptr<CustomerMail> m_customerMail;
    std::unique_ptr<ReplyMailer> m_replyMailer; // e-mail configured only
    std::unique_ptr<ChatRoutes> m_chatRoutes;
    std::unique_ptr<AgentDirectory> m_agents;
    std::unique_ptr<AgentNames> m_agentNames; // of m_agents and m_settings
    std::unique_ptr<AgentDesk> m_desk;
    std::unique_ptr<Copilot> m_copilot; // before m_agentRoutes, which asks it
    std::unique_ptr<AgentPresence> m_presence;
    std::unique_ptr<AutoAssigner> m_autoAssigner;
    std::unique_ptr<AgentRoutes> m_agentRoutes;
    std::unique_ptr<AttachmentLinks> m_attachmentLinks;
    std::unique_ptr<AttachmentDesk> m_attachments;
    std::unique_ptr<MailOutbox> m_outbox; // when SMTP is configured
    QPointer<QTcpServer> m_listener; // QHttpServer takes it into its tree: gone with the router
    http::Router *m_router = nullptr;
};

} // namespace frontline
