// SPDX-License-Identifier: GPL-3.0-or-later
#include "backend.h"

#include "agents/agentdirectory.h"
#include "api/agentroutes.h"
#include "api/apierror.h"
#include "api/chatroutes.h"
#include "api/healthroute.h"
#include "assistant/assistantrouter.h"
#include "chat/agentdesk.h"
#include "chat/chatservice.h"
#include "core/logging.h"
#include "http/httplistener.h"
#include "http/responses.h"
#include "http/webpages.h"
#include "live/clusterbridge.h"
#include "live/livehub.h"
#include "security/ratelimiter.h"
#include "server/freedmemoryreturn.h"
#include "server/openfilelimit.h"
#include "store/databaseratelimitledger.h"
#include "store/ratelimithitbatcher.h"
#include "store/sqlstore.h"
#include "store/storeerror.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHttpServer>
#include <QJsonObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QUuid>

namespace frontline {

namespace {

// Where the provider settings an administrator sets at runtime are kept (settings table).
const QString ProviderBaseUrlKey = QStringLiteral("provider/baseUrl");
const QString ProviderModelKey = QStringLiteral("provider/model");
const QString ProviderPromptKey = QStringLiteral("provider/systemPrompt");

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
    delete m_http;
    delete m_rateLimitHits; // writes what is pending, announcing it on the hub
    delete m_hub;
    delete m_chat;
}

bool Backend::start()
{
    // Bind first: it is cheap and changes nothing on disk, so a busy port is reported
    // before a database file is created.
    http::ListenerLimits limits;
    limits.framing = { m_options.maxHeaderBytes, m_options.maxBodyBytes };
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
        auto store = SqlStore::open(
            m_options.database.withApplicationName(QStringLiteral("frontline")), m_clock);
        // Serving: customers' messages and the assistant's answers that arrive together share
        // one transaction and one disk sync, and each is answered once it is committed.
        store->setGroupCommit(true);
        // On PostgreSQL other nodes may share the database: every change leaves them an event.
        store->setClusterNode(m_node);
        m_store = std::move(store);
    } catch (const StoreError &error) {
        return fail(error.message());
    }

    RateLimitPolicy rateLimits = m_options.rateLimits;
    try {
        // Limits an administrator set at runtime outlive restarts, unless the operator gave
        // some on the command line or in the environment for this run.
        if (const auto saved = m_store->setting(QStringLiteral("rateLimits/policy"));
            saved && !m_options.rateLimitsFromLaunch) {
            QString problem;
            if (const auto policy = RateLimitPolicy::parse(*saved, &problem))
                rateLimits = *policy;
            else
                qCWarning(lcBackend, "Ignoring the stored rate limits \"%s\": %s",
                    qUtf8Printable(*saved), qUtf8Printable(problem));
        }
    } catch (const StoreError &error) {
        return fail(error.message());
    }
    std::unique_ptr<RateLimitLedger> sharedLedger;
    try {
        // One limit for every node on the database: the logs live there.
        if (onPostgresql())
            sharedLedger = std::make_unique<DatabaseRateLimitLedger>(SqlStore::open(
                m_options.database.withApplicationName(QStringLiteral("frontline-rate-limits")),
                m_clock));
    } catch (const StoreError &error) {
        return fail(error.message());
    }
    m_rateLimiter = std::make_unique<RateLimiter>(rateLimits, m_clock, std::move(sharedLedger));
    m_hub = new LiveHub(this);
    try {
        // The provider's URL, model and prompt an administrator set at runtime outlive
        // restarts, except those the operator gave on the command line or in the environment.
        for (const QString &key : { ProviderBaseUrlKey, ProviderModelKey, ProviderPromptKey }) {
            if (const auto saved = m_store->setting(key); saved && !providerSettingFromLaunch(key))
                applyProviderSetting(key, *saved);
        }
    } catch (const StoreError &error) {
        return fail(error.message());
    }
    std::unique_ptr<OpenAiAssistant> provider;
    if (!m_options.openAi.apiKey.isEmpty()) {
        provider = std::make_unique<OpenAiAssistant>(m_options.openAi);
        provider->checkHealth();
    }
    bool mockMode = m_options.mockMode;
    try {
        // A switch made at runtime (by an agent) outlives restarts.
        if (const auto saved = m_store->setting(QStringLiteral("assistant/mockMode"));
            saved && !m_options.mockForced)
            mockMode = *saved == QLatin1String("true");
    } catch (const StoreError &error) {
        return fail(error.message());
    }
    m_assistant
        = std::make_unique<AssistantRouter>(std::move(provider), mockMode, m_options.mockForced);
    qCInfo(lcBackend, "Assistant: %s", qUtf8Printable(m_assistant->state()));
    if (OpenAiAssistant *openAi = m_assistant->provider()) {
        // Consoles show the provider's state: tell them when it changes (a revoked key...).
        connect(openAi, &OpenAiAssistant::healthChanged, m_hub, [this] {
            Q_EMIT m_hub->settingsChanged(
                QStringLiteral("assistant/state"), m_assistant->state(), QStringLiteral("system"));
        });
    }
    if (onPostgresql()) {
        try {
            m_cluster = new ClusterBridge(
                SqlStore::open(m_options.database.withApplicationName(
                                   QStringLiteral("frontline-cluster-listener")),
                    m_clock),
                *m_store, *m_hub, m_node, this);
            connect(m_cluster, &ClusterBridge::settingChanged, this,
                &Backend::applySettingOfAnotherNode);
            m_cluster->start();
        } catch (const StoreError &error) {
            return fail(error.message());
        }
    }
    m_chat = new ChatService(*m_store, *m_hub, *m_assistant, Sanitizer({ 1, 2000 }),
        IdentityVerifier(m_options.identitySecret, m_options.identityRequireExpiry, m_clock),
        m_options.assistantPolicy, this);
    try {
        // Failed sign-ins count for every node on the database, like the other limits.
        std::unique_ptr<RateLimitLedger> signInLedger;
        if (onPostgresql())
            signInLedger = std::make_unique<DatabaseRateLimitLedger>(SqlStore::open(
                m_options.database.withApplicationName(QStringLiteral("frontline-sign-in-limits")),
                m_clock));
        m_agents = std::make_unique<AgentDirectory>(*m_store, m_options.adminToken, m_clock,
            PasswordHasher(), std::chrono::seconds(m_options.sessionLifetimeSeconds),
            std::move(signInLedger));
        if (m_store->agentByUsername(AgentDirectory::reservedUsername()))
            qCWarning(lcBackend,
                "A stored agent is named \"admin\", a name reserved for the administrator: it "
                "cannot sign in. Recreate it under another name ('frontline agent remove admin', "
                "then "
                "'frontline agent add NAME').");
    } catch (const StoreError &error) {
        return fail(error.message());
    }
    m_rateLimitHits = new RateLimitHitBatcher(*m_store, *m_hub, m_clock,
        { m_options.rateLimitHitFlushInterval, m_options.rateLimitHitRetentionDays }, this);
    m_chatRoutes
        = std::make_unique<ChatRoutes>(*m_chat, *m_store, *m_agents, *m_hub, *m_rateLimiter,
            *m_rateLimitHits, http::Cors(m_options.corsOrigins), m_options.clientAddress,
            ChatRoutesOptions { m_options.maxBodyBytes,
                std::chrono::seconds(m_options.heartbeatSeconds),
                { m_options.maxStreamsPerSession, m_options.maxStreamsPerAddress } });
    m_desk = std::make_unique<AgentDesk>(*m_store, *m_hub, Sanitizer({ 1, 2000 }));
    SettingsAccess settings;
    settings.read = [this] {
        return QJsonObject { { QStringLiteral("mockMode"), m_assistant->mockMode() },
            { QStringLiteral("canLeaveMockMode"), m_assistant->canLeaveMockMode() },
            { QStringLiteral("assistant"), m_assistant->state() },
            { QStringLiteral("rateLimits"), m_rateLimiter->policy().toString() },
            { QStringLiteral("provider"),
                QJsonObject { { QStringLiteral("baseUrl"), m_options.openAi.baseUrl.toString() },
                    { QStringLiteral("model"), m_options.openAi.model },
                    { QStringLiteral("systemPrompt"), m_options.openAi.systemPrompt } } } };
    };
    settings.setMockMode = [this](bool on, const QString &actor) { return setMockMode(on, actor); };
    settings.setRateLimits = [this](const RateLimitPolicy &policy, const QString &actor) {
        setRateLimits(policy, actor);
    };
    settings.setProvider = [this](const ProviderChange &change, const QString &actor) {
        setProvider(change, actor);
    };
    settings.checkProvider = [this](const ProviderChange &change) { checkProvider(change); };
    m_agentRoutes = std::make_unique<AgentRoutes>(*m_agents, *m_desk, *m_store, *m_hub,
        *m_rateLimiter, settings, m_options.clientAddress, m_options.maxBodyBytes,
        std::chrono::seconds(m_options.heartbeatSeconds));

    m_http = new QHttpServer(this);
    registerHealthRoute(*m_http, *m_store, m_clock);
    http::registerWebPages(*m_http, m_options.frameAncestors);
    m_chatRoutes->registerOn(*m_http);
    m_agentRoutes->registerOn(*m_http);
    m_http->setMissingHandler([](const QHttpServerRequest &, QHttpServerResponder &&responder) {
        http::error(QHttpServerResponse::StatusCode::NotFound, QStringLiteral("not_found"),
            QCoreApplication::translate(
                "Backend", "No such route. See docs/API.md for the routes Frontline serves."))
            .write(std::move(responder));
    });
    m_http->bind(m_listener);
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
    delete m_http;
    m_http = nullptr;
    if (m_listener)
        m_listener->close();
    m_store.reset();
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
    delete m_rateLimitHits; // writes what is pending, announcing it on the hub
    m_rateLimitHits = nullptr;
    delete m_hub; // closes the event streams, which are its children
    m_hub = nullptr;
    // A connection still open (keep-alive) may bring more requests: none may reach the routes
    // once they and the services behind them are gone.
    delete m_http;
    m_http = nullptr;
    m_chatRoutes.reset();
    m_agentRoutes.reset();
    delete m_chat;
    m_chat = nullptr;
    m_store.reset();
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

bool Backend::setMockMode(bool mockMode, const QString &actor)
{
    if (!m_assistant->setMockMode(mockMode))
        return false;
    m_store->setSetting(QStringLiteral("assistant/mockMode"),
        mockMode ? QStringLiteral("true") : QStringLiteral("false"));
    m_store->appendAudit({ .actor = actor,
        .action = QStringLiteral("settings.mockMode"),
        .target = QStringLiteral("assistant/mockMode"),
        .detail = mockMode ? QStringLiteral("on") : QStringLiteral("off") });
    qCInfo(lcBackend, "Mock mode %s by %s", mockMode ? "on" : "off", qUtf8Printable(actor));
    Q_EMIT m_hub->settingsChanged(QStringLiteral("assistant/mockMode"),
        mockMode ? QStringLiteral("true") : QStringLiteral("false"), actor);
    return true;
}

void Backend::setRateLimits(const RateLimitPolicy &policy, const QString &actor)
{
    const QString text = policy.toString();
    m_store->setSetting(QStringLiteral("rateLimits/policy"), text);
    m_rateLimiter->setPolicy(policy);
    m_store->appendAudit({ .actor = actor,
        .action = QStringLiteral("settings.rateLimits"),
        .target = QStringLiteral("rateLimits/policy"),
        .detail = text });
    qCInfo(lcBackend, "Rate limits set to %s by %s", qUtf8Printable(text), qUtf8Printable(actor));
    Q_EMIT m_hub->settingsChanged(QStringLiteral("rateLimits/policy"), text, actor);
}

void Backend::checkProvider(const ProviderChange &change) const
{
    if (change.baseUrl && !m_providerOrigins.allows(*change.baseUrl))
        throw ApiError(403, QStringLiteral("provider_origin_not_allowed"),
            m_providerOrigins.refusal(*change.baseUrl));
}

void Backend::setProvider(const ProviderChange &change, const QString &actor)
{
    checkProvider(change);
    QList<std::pair<QString, QString>> changed;
    if (change.baseUrl)
        changed.append({ ProviderBaseUrlKey, change.baseUrl->toString() });
    if (change.model)
        changed.append({ ProviderModelKey, *change.model });
    if (change.systemPrompt)
        changed.append({ ProviderPromptKey, *change.systemPrompt });
    for (const auto &[key, value] : changed) {
        m_store->setSetting(key, value);
        applyProviderSetting(key, value);
        m_store->appendAudit({ .actor = actor,
            .action = QStringLiteral("settings.provider"),
            .target = key,
            .detail = key == ProviderPromptKey ? QStringLiteral("%1 characters").arg(value.size())
                                               : value });
        qCInfo(lcBackend, "%s set by %s", qUtf8Printable(key), qUtf8Printable(actor));
    }
    reconfigureProvider();
    for (const auto &[key, value] : changed)
        Q_EMIT m_hub->settingsChanged(key, value, actor);
}

void Backend::reconfigureProvider()
{
    if (OpenAiAssistant *openAi = m_assistant->provider())
        openAi->reconfigure(
            m_options.openAi.baseUrl, m_options.openAi.model, m_options.openAi.systemPrompt);
}

bool Backend::providerSettingFromLaunch(const QString &key) const
{
    if (key == ProviderBaseUrlKey)
        return m_options.providerFromLaunch.baseUrl;
    if (key == ProviderModelKey)
        return m_options.providerFromLaunch.model;
    return m_options.providerFromLaunch.systemPrompt;
}

bool Backend::applyProviderSetting(const QString &key, const QString &value)
{
    if (key == ProviderBaseUrlKey) {
        const auto url = parseProviderBaseUrl(value);
        if (!url) {
            qCWarning(
                lcBackend, "Ignoring the stored AI provider URL \"%s\"", qUtf8Printable(value));
            return false;
        }
        if (!m_providerOrigins.allows(*url)) {
            qCWarning(lcBackend, "Ignoring the stored AI provider URL: %s",
                qUtf8Printable(m_providerOrigins.refusal(*url)));
            return false;
        }
        m_options.openAi.baseUrl = *url;
    } else if (key == ProviderModelKey) {
        m_options.openAi.model = value;
    } else if (key == ProviderPromptKey) {
        m_options.openAi.systemPrompt = value;
    } else {
        return false;
    }
    return true;
}

bool Backend::onPostgresql() const
{
    return m_options.database.kind != DatabaseUrl::Kind::Sqlite;
}

void Backend::applySettingOfAnotherNode(const QString &key, const QString &value)
{
    const QString actor = QStringLiteral("another node");
    if (key == QLatin1String("assistant/mockMode")) {
        if (!m_assistant->setMockMode(value == QLatin1String("true")))
            qCWarning(lcBackend,
                "Another node set mock mode %s; this node cannot follow (no API key, or mock mode "
                "forced)",
                qUtf8Printable(value));
    } else if (applyProviderSetting(key, value)) {
        reconfigureProvider();
    } else if (key == QLatin1String("rateLimits/policy")) {
        QString problem;
        const auto policy = RateLimitPolicy::parse(value, &problem);
        if (!policy) {
            qCWarning(lcBackend, "Ignoring the rate limits \"%s\" of another node: %s",
                qUtf8Printable(value), qUtf8Printable(problem));
            return;
        }
        m_rateLimiter->setPolicy(*policy);
    }
    qCInfo(lcBackend, "Setting %s changed on another node", qUtf8Printable(key));
    Q_EMIT m_hub->settingsChanged(key, value, actor);
}

RateLimiter *Backend::rateLimiter() const
{
    return m_rateLimiter.get();
}

RateLimitHitBatcher *Backend::rateLimitHits() const
{
    return m_rateLimitHits;
}

} // namespace frontline
