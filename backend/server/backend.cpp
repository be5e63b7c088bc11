// SPDX-License-Identifier: GPL-3.0-or-later
#include "backend.h"

#include "agents/agentdirectory.h"
#include "api/agentnames.h"
#include "api/agentroutes.h"
#include "api/attachmentlinks.h"
#include "api/availabilityroute.h"
#include "api/chatroutes.h"
#include "api/errorresponse.h"
#include "api/eventfanout.h"
#include "api/healthroute.h"
#include "api/widgetconfigroute.h"
#include "assistant/assistantrouter.h"
#include "chat/agentdesk.h"
#include "chat/agentpresence.h"
#include "chat/attachmentdesk.h"
#include "chat/autoassigner.h"
#include "chat/chatservice.h"
#include "chat/copilot.h"
#include "chat/customeractivity.h"
#include "chat/customermail.h"
#include "chat/mailcomposer.h"
#include "chat/mailoutbox.h"
#include "chat/replymailer.h"
#include "chat/resumelinks.h"
#include "chat/sessioncache.h"
#include "chat/teamavailability.h"
#include "core/logging.h"
#include "http/frameancestors.h"
#include "http/httplistener.h"
#include "http/response.h"
#include "http/router.h"
#include "http/webpages.h"
#include "live/clusterbridge.h"
#include "live/livehub.h"
#include "media/attachmentinspector.h"
#include "security/ratelimiter.h"
#include "security/tokens.h"
#include "server/freedmemoryreturn.h"
#include "server/openfilelimit.h"
#include "settings/runtimesettings.h"
#include "store/databasehealth.h"
#include "store/migrator.h"
#include "store/ratelimithitbatcher.h"
#include "store/ratelimitledgers.h"
#include "store/ratelimits.h"
#include "store/sqlstore.h"
#include "store/storeerror.h"
#include "store/storeworkers.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QThread>
#include <QUuid>

namespace frontline {

namespace {

std::optional<QSslConfiguration> loadTls(
    const QString &certificateFile, const QString &keyFile, QString *error)
{
    QFile certificate(certificateFile);
    if (!certificate.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("Backend", "Cannot read the TLS certificate %1: %2.")
                     .arg(certificateFile, certificate.errorString());
        return std::nullopt;
    }
    const QList<QSslCertificate> chain
        = QSslCertificate::fromData(certificate.readAll(), QSsl::Pem);
    if (chain.isEmpty()) {
        *error = QCoreApplication::translate("Backend", "The file %1 holds no PEM certificate.")
                     .arg(certificateFile);
        return std::nullopt;
    }
    QFile keyData(keyFile);
    if (!keyData.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("Backend", "Cannot read the TLS key %1: %2.")
                     .arg(keyFile, keyData.errorString());
        return std::nullopt;
    }
    const QByteArray pem = keyData.readAll();
    QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
    if (key.isNull()) {
        *error = QCoreApplication::translate(
            "Backend", "The file %1 holds no unencrypted PEM private key (RSA or EC).")
                     .arg(keyFile);
        return std::nullopt;
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(
        QSslSocket::VerifyNone); // clients are not asked for certificates
    return configuration;
}

} // namespace

Backend::Backend(ServerOptions options, std::shared_ptr<const Clock> clock, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_providerOrigins(m_options.openAi.baseUrl, m_options.openAi.keyOrigins)
    , m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
    , m_node(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_options.openAi.keyOrigins = m_providerOrigins.origins();
}

Backend::~Backend()
{
    // Routes refer to the services and the store: no request may run once those are gone.
    delete m_router;
    m_outbox.reset(); // hands the outcome of a mail in hand to the workers, still there
    delete m_rateLimitHits; // writes what is pending, announcing it on the hub
    delete m_hub;
    delete m_chat;
    delete m_health;
}

bool Backend::start()
{
    // Bind first: it is cheap and changes nothing on disk, so a busy port is reported
    // before a database file is created.
    http::ListenerLimits limits;
    limits.framing
        = { m_options.maxHeaderBytes, m_options.maxBodyBytes, m_options.maxAttachmentBytes };
    limits.requestTimeout = std::chrono::seconds(m_options.requestTimeoutSeconds);
    limits.idleTimeout = std::chrono::seconds(m_options.idleTimeoutSeconds);
    limits.maxConnectionsPerIp = m_options.maxConnectionsPerIp;
    limits.writeTimeout = std::chrono::seconds(m_options.writeTimeoutSeconds);
    limits.maxConnections = m_options.maxConnections;
    limits.listenBacklog = m_options.listenBacklog;
    raiseOpenFileLimit(); // one descriptor per connection
    auto *listener = new http::HttpListener(limits, m_options.clientAddress, this);
    m_listener = listener;
    auto *memoryReturn = new FreedMemoryReturn(this);
    connect(listener, &http::HttpListener::openConnectionsChanged, memoryReturn,
        &FreedMemoryReturn::openConnectionsChanged);
    if (!m_options.tlsCertificateFile.isEmpty()) {
        QString problem;
        const auto tls = loadTls(m_options.tlsCertificateFile, m_options.tlsKeyFile, &problem);
        if (!tls)
            return fail(problem);
        listener->setTlsConfiguration(*tls);
    }
    if (!m_listener->listen(m_options.listen.host, m_options.listen.port)) {
        return fail(QCoreApplication::translate("Backend",
            "Cannot listen on %1: %2. Stop the program using it or "
            "choose another address with --listen.")
                        .arg(m_options.listen.toString(), m_listener->errorString()));
    }

    if (m_options.databaseInDataDir && !QDir().mkpath(m_options.dataDir)) {
        return fail(QCoreApplication::translate("Backend",
            "Cannot create the data folder %1. Choose a writable folder "
            "with --data-dir.")
                        .arg(m_options.dataDir));
    }
    try {
        // The one step that migrates, before any connection of this node opens.
        const DatabaseUrl database
            = m_options.database.withApplicationName(QStringLiteral("frontline"));
        Migrator::migrateDatabase(database);
        // The store workers serve the requests: this thread hands them the work and answers
        // when it is done. Messages that arrive together share one transaction and one disk
        // sync, each answered once it is committed.
        // On PostgreSQL, several connections append at once, each for a share of the
        // sessions, so that the database's work on messages is spread over its cores; SQLite
        // writes through one connection at a time.
        // (Given the operator's URL: each worker names its own connection, frontline-writer,
        // -appender, -reader, unless the operator named them all.)
        m_workers = StoreWorkers::start(m_options.database, m_clock,
            { .readers
                = m_options.databaseReaders > 0 ? m_options.databaseReaders : defaultStoreReaders(),
                .appenders = onPostgresql() ? defaultStoreReaders() : 1,
                .clusterNode = m_node });
        // This thread's own connection, for starting up and for what has not moved to the
        // workers yet.
        auto store = SqlStore::open(database, m_clock);
        // On PostgreSQL other nodes may share the database: every change leaves them an event.
        store->setClusterNode(m_node);
        m_store = std::move(store);
    } catch (const StoreError &error) {
        return fail(error.message());
    }

    RuntimeSettingsValues settings;
    try {
        // What an administrator set at runtime outlives restarts, except what the operator gave
        // on the command line or in the environment for this run.
        settings = RuntimeSettings::load(*m_store, runtimeSettingsLaunch());
    } catch (const StoreError &error) {
        return fail(error.message());
    }
    // One limit for every node on a PostgreSQL database: the logs live there, and the store
    // readers take the limits' steps. One node on SQLite keeps them in its memory.
    m_rateLimitLedgers = std::make_unique<RateLimitLedgers>(*m_workers,
        onPostgresql() ? RateLimitLedgers::Keeping::InDatabase
                       : RateLimitLedgers::Keeping::InMemory);
    m_rateLimiter = std::make_unique<RateLimits>(*m_rateLimitLedgers, settings.rateLimits, m_clock);
    m_hub = new LiveHub(this);
    m_options.openAi.baseUrl = settings.providerBaseUrl;
    m_options.openAi.model = settings.providerModel;
    m_options.openAi.systemPrompt = settings.providerSystemPrompt;
    std::unique_ptr<OpenAiAssistant> provider;
    if (!m_options.openAi.apiKey.isEmpty()) {
        provider = std::make_unique<OpenAiAssistant>(m_options.openAi);
        provider->checkHealth();
    }
    m_assistant = std::make_unique<AssistantRouter>(
        std::move(provider), settings.mockMode, m_options.mockForced);
    qCInfo(lcBackend, "Assistant: %s", qUtf8Printable(m_assistant->state()));
    m_settings = new RuntimeSettings(
        *m_workers, *m_assistant, m_providerOrigins, std::move(settings), this);
    followSettings();
    if (onPostgresql()) {
        try {
            m_cluster = new ClusterListener(m_options.database, m_node, *m_hub, this);
            connect(m_cluster, &ClusterListener::settingChanged, m_settings,
                &RuntimeSettings::followAnotherNode);
            m_cluster->start();
        } catch (const StoreError &error) {
            return fail(error.message());
        }
    }
    m_sessions = new SessionCache(*m_hub, SessionCache::DefaultCapacity, this);
    // Whether a human can answer now: the business hours as the settings say, and the agents
    // online on any node (the presence, made below).
    m_availability = std::make_unique<TeamAvailability>(
        [this] { return m_presence && !m_presence->online().isEmpty(); },
        m_settings->values().businessHours, m_clock);
    connect(m_settings, &RuntimeSettings::businessHoursChanged, this,
        [this](const BusinessHours &hours) { m_availability->setBusinessHours(hours); });
    m_chat = new ChatService(*m_workers, *m_sessions, *m_hub, *m_assistant, *m_availability,
        Sanitizer({ 1, 2000 }),
        IdentityVerifier(m_options.identitySecret, m_options.identityRequireExpiry, m_clock),
        m_options.assistantPolicy, this);
    m_chat->setPreChatForm(m_settings->values().preChat);
    connect(m_settings, &RuntimeSettings::preChatChanged, m_chat,
        [this](const PreChatForm &form) { m_chat->setPreChatForm(form); });
    try {
        // Failed sign-ins count for every node on the database, like the other limits.
        m_agents = std::make_unique<AgentDirectory>(*m_workers, *m_rateLimitLedgers,
            m_options.adminToken, m_clock, PasswordHasher(),
            std::chrono::seconds(m_options.sessionLifetimeSeconds));
        if (m_store->agentByUsername(AgentDirectory::reservedUsername()))
            qCWarning(lcBackend,
                "A stored agent is named \"admin\", a name reserved for the administrator: it "
                "cannot sign in. Recreate it under another name ('frontline agent remove admin', "
                "then "
                "'frontline agent add NAME').");
    } catch (const StoreError &error) {
        return fail(error.message());
    }
    // A rename made here or on another node: the names customers see follow at once.
    connect(m_hub, &LiveHub::agentChanged, m_agents.get(), &AgentDirectory::follow);
    m_rateLimitHits = new RateLimitHitBatcher(*m_workers, m_clock,
        { m_options.rateLimitHitFlushInterval, m_options.rateLimitHitRetentionDays }, this);
    connect(m_rateLimitHits, &RateLimitHitBatcher::rowWritten, m_hub, &LiveHub::rateLimitHit);
    // Customers' and agents' event streams: each event serialized once for all of them.
    m_agentNames = std::make_unique<AgentNames>(*m_agents, *m_settings);
    // The customers' links to files are signed with a key every node of the database shares.
    m_attachmentLinks = std::make_unique<AttachmentLinks>(m_clock);
    try {
        m_attachmentLinks->setSecret(
            m_store->sharedSecret(QStringLiteral("attachment-links"), tokens::newToken()).toUtf8());
    } catch (const StoreError &error) {
        return fail(error.message());
    }
    AttachmentLimits attachmentLimits;
    attachmentLimits.inspection.maxBytes = m_options.maxAttachmentBytes;
    attachmentLimits.sessionQuotaBytes = m_options.attachmentQuotaBytes;
    m_attachments = std::make_unique<AttachmentDesk>(*m_workers, attachmentLimits);
    auto *fanOut = new EventFanOut(*m_hub, *m_agentNames, *m_attachmentLinks, m_hub);
    // E-mail (issue 20): the links back to a conversation are signed like the files' links,
    // with a key of their own; the mails are written only when a mail server is configured.
    auto resumeLinks = std::make_shared<ResumeLinks>(
        m_clock, m_options.publicUrl.isEmpty() ? url() : m_options.publicUrl);
    try {
        resumeLinks->setSecret(
            m_store->sharedSecret(QStringLiteral("resume-links"), tokens::newToken()).toUtf8());
    } catch (const StoreError &error) {
        return fail(error.message());
    }
    std::shared_ptr<const MailComposer> composer;
    if (m_options.smtp && m_options.mailFrom)
        composer = std::make_shared<MailComposer>(*m_options.mailFrom);
    // Often enough that a customer is never taken for gone while there (the wait is at least
    // four of them), seldom enough to cost one write every few seconds.
    const std::chrono::milliseconds mailInterval
        = std::min<std::chrono::milliseconds>(std::chrono::seconds(10), m_options.emailAfter / 4);
    m_customerActivity = std::make_unique<CustomerActivity>(
        *m_workers, m_clock, [fanOut] { return fanOut->sessionsWithCustomerStreams(); },
        mailInterval);
    m_customerMail = std::make_unique<CustomerMail>(*m_workers, *m_hub, resumeLinks, composer);
    if (composer)
        m_replyMailer = std::make_unique<ReplyMailer>(*m_workers, *m_hub, *m_customerActivity,
            composer, resumeLinks, m_clock, m_options.emailAfter, mailInterval);
    m_chatRoutes = std::make_unique<ChatRoutes>(*m_chat, *m_attachments, *m_workers, *m_agentNames,
        *m_attachmentLinks, *m_hub, *fanOut, *m_rateLimiter, *m_rateLimitHits, *m_customerActivity,
        *m_customerMail, http::Cors(m_options.corsOrigins), m_options.clientAddress,
        ChatRoutesOptions { m_options.maxBodyBytes,
            std::chrono::seconds(m_options.heartbeatSeconds),
            { m_options.maxStreamsPerSession, m_options.maxStreamsPerAddress } });
    const std::optional<Agent> administrator = m_agents->builtInAdministrator();
    m_desk = std::make_unique<AgentDesk>(*m_workers, *m_hub, Sanitizer({ 1, 2000 }),
        administrator ? administrator->username : QString());
    if (composer && !m_options.mailCopyTo.isEmpty())
        m_desk->setOperatorCopy(composer, m_options.mailCopyTo);
    m_copilot = std::make_unique<Copilot>(*m_workers, *m_assistant);
    m_presence = std::make_unique<AgentPresence>(*m_workers, *m_hub,
        AgentPresence::Options { .node = m_node,
            .heartbeat = m_options.presenceHeartbeat,
            .sharedDatabase = onPostgresql(),
            .administrator = administrator });
    if (m_cluster)
        connect(m_cluster, &ClusterListener::presenceNoticed, m_presence.get(),
            &AgentPresence::followAnotherNode);
    m_autoAssigner = std::make_unique<AutoAssigner>(
        *m_workers, *m_hub, [presence = m_presence.get()] { return presence->online(); },
        m_settings->values().autoAssignment, m_clock, m_options.autoAssignmentCheckInterval);
    connect(m_settings, &RuntimeSettings::autoAssignmentChanged, m_autoAssigner.get(),
        &AutoAssigner::setPolicy);
    connect(
        m_presence.get(), &AgentPresence::changed, m_autoAssigner.get(), &AutoAssigner::reconsider);
    if (m_options.smtp && m_options.mailFrom) {
        try {
            // One node on SQLite: what a process that died mid-send left claimed is this
            // node's to send again, at once (on PostgreSQL a claim runs out instead, as the
            // node that holds it may be alive).
            if (!onPostgresql()) {
                if (const int released = m_store->releaseClaims())
                    qCInfo(
                        lcMail, "%d mail(s) left sending by the last run queued again", released);
            }
        } catch (const StoreError &error) {
            return fail(error.message());
        }
        m_outbox = std::make_unique<MailOutbox>(*m_workers, *m_hub,
            MailOutbox::Options { .node = m_node,
                .smtp = *m_options.smtp,
                .from = *m_options.mailFrom,
                .retryBase = m_options.mailRetryBase,
                .checkInterval = m_options.mailCheckInterval },
            m_clock);
    }
    m_agentRoutes = std::make_unique<AgentRoutes>(*m_agents, *m_agentNames, *m_desk, *m_attachments,
        *m_attachmentLinks, *m_presence, *m_workers, *m_hub, *fanOut, *m_rateLimiter, *m_settings,
        *m_copilot, *m_assistant, m_options.clientAddress, m_options.maxBodyBytes,
        std::chrono::seconds(m_options.heartbeatSeconds));

    m_router = new http::Router(this);
    m_health = new DatabaseHealth(*m_workers, m_clock, this);
    addHealthRoute(*m_router, *m_health);
    // One list for the chat page's policy and the widget's question: they cannot disagree.
    const http::FrameAncestors frameAncestors(m_options.frameAncestors);
    http::addWebPages(*m_router, frameAncestors);
    addWidgetConfigRoute(*m_router, frameAncestors,
        { m_options.maxAttachmentBytes, media::acceptedAttachmentTypes() });
    // The page may offer e-mail only where the server can send it.
    addAvailabilityRoute(*m_router, *m_availability, *m_settings, m_options.smtp.has_value());
    m_chatRoutes->addTo(*m_router);
    m_agentRoutes->addTo(*m_router);
    m_router->setMissingHandler([](const http::Request &, http::Responder &&responder) {
        responder.answer(errorResponse(DomainError::notFound(QCoreApplication::translate(
            "Backend", "No such route. See docs/API.md for the routes Frontline serves."))));
    });
    m_router->bind(m_listener);
    qCInfo(lcBackend, "Serving %s on %s", qUtf8Printable(m_options.database.displayString()),
        qUtf8Printable(url()));
    return true;
}

QString Backend::errorString() const
{
    return m_errorString;
}

bool Backend::fail(const QString &message)
{
    m_errorString = message;
    delete m_router;
    m_router = nullptr;
    if (m_listener)
        m_listener->close();
    m_store.reset();
    m_workers.reset();
    return false;
}

void Backend::stop()
{
    if (m_listener)
        m_listener->close();
    // Every handler runs to completion on this thread before the event loop delivers the
    // stop request, so there is no request in flight here; later asynchronous work will be
    // drained at this point.
    delete m_cluster; // it delivers to the hub
    m_cluster = nullptr;
    // Waits for a mail in hand and hands its outcome to the workers, which write it below.
    m_outbox.reset();
    delete m_rateLimitHits; // writes what is pending, announcing it on the hub
    m_rateLimitHits = nullptr;
    // It announces on the hub: what its last pass, still on the workers, would answer is
    // dropped with it.
    m_autoAssigner.reset();
    // Both ask the fan-out (the hub's child) and announce on the hub.
    m_replyMailer.reset();
    m_customerActivity.reset();
    delete m_hub; // closes the event streams, which are its children
    m_hub = nullptr;
    // A connection still open (keep-alive) may bring more requests: none may reach the routes
    // once they and the services behind them are gone.
    delete m_router;
    m_router = nullptr;
    m_chatRoutes.reset();
    m_customerMail.reset();
    m_agentRoutes.reset();
    m_agentNames.reset(); // the event streams, gone with the hub, were its last users
    m_desk.reset();
    m_copilot.reset(); // what the assistant answers it later is dropped with it
    m_attachments.reset(); // what its pending inspections and store work answer is dropped
    m_attachmentLinks.reset(); // after the fan-out (the hub's child) and the routes, its users
    // After the hub: its streams, closing, gave it their last counts, which the workers
    // below still write (a node that stops leaves no agent online behind it).
    m_presence.reset();
    m_agents.reset(); // what its pending store work would answer is dropped with it
    delete m_settings; // the routes and the cluster bridge were its users
    m_settings = nullptr;
    delete m_chat;
    m_chat = nullptr;
    delete m_health;
    m_health = nullptr;
    delete m_sessions;
    m_sessions = nullptr;
    m_store.reset();
    m_workers.reset(); // runs what is queued
    qCInfo(lcBackend, "Stopped");
    QMetaObject::invokeMethod(this, &Backend::stopped, Qt::QueuedConnection);
}

QString Backend::url() const
{
    if (!m_listener || !m_listener->isListening())
        return {};
    const QString scheme = m_options.tlsCertificateFile.isEmpty() ? QStringLiteral("http://")
                                                                  : QStringLiteral("https://");
    return scheme + ListenAddress::format(m_listener->serverAddress(), m_listener->serverPort());
}

Store *Backend::store() const
{
    return m_store.get();
}

AssistantRouter *Backend::assistant() const
{
    return m_assistant.get();
}

RuntimeSettings *Backend::settings() const
{
    return m_settings;
}

Copilot *Backend::copilot() const
{
    return m_copilot.get();
}

RuntimeSettingsLaunch Backend::runtimeSettingsLaunch() const
{
    RuntimeSettingsLaunch launch { .values = { .mockMode = m_options.mockMode,
                                       .rateLimits = m_options.rateLimits,
                                       .providerBaseUrl = m_options.openAi.baseUrl,
                                       .providerModel = m_options.openAi.model,
                                       .providerSystemPrompt = m_options.openAi.systemPrompt },
        .fixed = {},
        .providerOrigins = m_providerOrigins };
    if (m_options.mockForced)
        launch.fixed.append(SettingKey::MockMode);
    if (m_options.rateLimitsFromLaunch)
        launch.fixed.append(SettingKey::RateLimits);
    if (m_options.providerFromLaunch.baseUrl)
        launch.fixed.append(SettingKey::ProviderBaseUrl);
    if (m_options.providerFromLaunch.model)
        launch.fixed.append(SettingKey::ProviderModel);
    if (m_options.providerFromLaunch.systemPrompt)
        launch.fixed.append(SettingKey::ProviderSystemPrompt);
    return launch;
}

void Backend::followSettings()
{
    connect(m_settings, &RuntimeSettings::mockModeChanged, this,
        [this](bool mockMode) { m_assistant->setMockMode(mockMode); });
    connect(m_settings, &RuntimeSettings::rateLimitsChanged, this,
        [this](const RateLimitPolicy &policy) { m_rateLimiter->setPolicy(policy); });
    if (OpenAiAssistant *provider = m_assistant->provider())
        connect(
            m_settings, &RuntimeSettings::providerChanged, provider, &OpenAiAssistant::reconfigure);
    connect(m_settings, &RuntimeSettings::changed, m_hub,
        [this](SettingKey key, const QString &value, const QString &actor) {
            Q_EMIT m_hub->settingsChanged(settingName(key), value, actor);
        });
}

int Backend::defaultStoreReaders()
{
    // Enough to keep every core busy with reads while the writer syncs.
    return std::max(2, QThread::idealThreadCount());
}

bool Backend::onPostgresql() const
{
    return m_options.database.kind != DatabaseUrl::Kind::Sqlite;
}

RateLimits *Backend::rateLimits() const
{
    return m_rateLimiter.get();
}

RateLimitHitBatcher *Backend::rateLimitHits() const
{
    return m_rateLimitHits;
}

ReplyMailer *Backend::replyMailer() const
{
    return m_replyMailer.get();
}

} // namespace frontline
