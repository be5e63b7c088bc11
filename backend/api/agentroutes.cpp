// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentroutes.h"

#include "agents/agentdirectory.h"
#include "assistant/openaiassistant.h"
#include "chat/agentdesk.h"
#include "core/logging.h"
#include "domain/domainerror.h"
#include "http/eventstream.h"
#include "http/responses.h"
#include "jsoncodec.h"
#include "live/livehub.h"
#include "requestparsing.h"
#include "security/ratelimiter.h"
#include "security/tokens.h"
#include "settings/runtimesettings.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtConcurrent/QtConcurrentRun>

namespace frontline {

namespace {

using Method = QHttpServerRequest::Method;

QJsonObject agentJson(const Agent &agent)
{
    return { { QStringLiteral("username"), agent.username },
        { QStringLiteral("displayName"), agent.displayName },
        { QStringLiteral("role"), roleName(agent.role) } };
}

QJsonObject hitJson(const RateLimitHit &hit)
{
    return { { QStringLiteral("id"), hit.id }, { QStringLiteral("at"), json::timestamp(hit.at) },
        { QStringLiteral("route"), hit.route }, { QStringLiteral("keyKind"), hit.keyKind },
        { QStringLiteral("key"), hit.key }, { QStringLiteral("clientIp"), hit.clientIp },
        { QStringLiteral("sessionId"),
            hit.sessionId.isEmpty() ? QJsonValue() : QJsonValue(hit.sessionId) },
        { QStringLiteral("count"), hit.count } };
}

// The provider's field `name` when it is given, parsed by the settings' own rule.
template <typename Parse>
auto providerField(const QJsonObject &provider, const QString &name, Parse parse)
    -> decltype(parse(QString(), nullptr))
{
    const QJsonValue field = provider.value(name);
    if (!field.isString())
        return std::nullopt;
    QString problem;
    auto value = parse(field.toString(), &problem);
    if (!value)
        throw DomainError::invalidInput(QStringLiteral("provider.") + name, problem);
    return value;
}

// The "provider" member of a settings change: any of baseUrl, model and systemPrompt.
ProviderChange providerChange(const QJsonValue &value)
{
    ProviderChange change;
    if (value.isUndefined())
        return change;
    if (!value.isObject())
        throw DomainError::invalidInput(QStringLiteral("provider"),
            QCoreApplication::translate(
                "AgentRoutes", "must be an object with baseUrl, model or systemPrompt."));
    const QJsonObject provider = value.toObject();
    for (auto it = provider.constBegin(); it != provider.constEnd(); ++it) {
        const QString field = QStringLiteral("provider.") + it.key();
        if (it.key() == QLatin1String("apiKey"))
            throw DomainError::invalidInput(field,
                QCoreApplication::translate("AgentRoutes",
                    "is never sent over the API: set OPENAI_API_KEY in the server's environment "
                    "(or the key in the console's settings, kept in the system keychain)."));
        if (it.key() != QLatin1String("baseUrl") && it.key() != QLatin1String("model")
            && it.key() != QLatin1String("systemPrompt"))
            throw DomainError::invalidInput(field,
                QCoreApplication::translate("AgentRoutes",
                    "is not a provider setting; use baseUrl, model or systemPrompt."));
        if (!it.value().isString())
            throw DomainError::invalidInput(
                field, QCoreApplication::translate("AgentRoutes", "must be a string."));
    }
    change.baseUrl
        = providerField(provider, QStringLiteral("baseUrl"), RuntimeSettings::parseProviderBaseUrl);
    change.model
        = providerField(provider, QStringLiteral("model"), RuntimeSettings::parseProviderModel);
    change.systemPrompt = providerField(
        provider, QStringLiteral("systemPrompt"), RuntimeSettings::parseProviderSystemPrompt);
    return change;
}

DomainError refused(const SettingsRefusal &refusal)
{
    switch (refusal.reason) {
    case SettingsRefusal::Reason::ProviderOriginNotAllowed:
        return DomainError::forbidden(
            QStringLiteral("provider_origin_not_allowed"), refusal.message);
    case SettingsRefusal::Reason::MockModeForced:
        return DomainError::conflict(QStringLiteral("mock_mode_forced"), refusal.message);
    }
    Q_UNREACHABLE();
}

QJsonObject settingsJson(const RuntimeSettings &settings)
{
    const RuntimeSettingsValues &values = settings.values();
    return { { QStringLiteral("mockMode"), values.mockMode },
        { QStringLiteral("canLeaveMockMode"), settings.canLeaveMockMode() },
        { QStringLiteral("assistant"), settings.assistantState() },
        { QStringLiteral("rateLimits"), values.rateLimits.toString() },
        { QStringLiteral("provider"),
            QJsonObject { { QStringLiteral("baseUrl"), values.providerBaseUrl.toString() },
                { QStringLiteral("model"), values.providerModel },
                { QStringLiteral("systemPrompt"), values.providerSystemPrompt } } } };
}

// An ISO 8601 time from the query, or `fallback` when absent.
QDateTime timeParameter(const QUrlQuery &query, const QString &name, const QDateTime &fallback)
{
    if (!query.hasQueryItem(name))
        return fallback;
    // Fully decoded: a client that encodes the "+" of an offset as %2B means the same time.
    const QDateTime time
        = QDateTime::fromString(query.queryItemValue(name, QUrl::FullyDecoded), Qt::ISODateWithMs);
    if (!time.isValid())
        throw DomainError::invalidInput(name,
            QCoreApplication::translate(
                "AgentRoutes", "use an ISO 8601 time such as 2026-11-24T09:30:00Z."));
    return time.toUTC();
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

AgentRoutes::AgentRoutes(AgentDirectory &agents, AgentDesk &desk, Store &store, LiveHub &hub,
    RateLimiter &limiter, RuntimeSettings &settings, http::ClientAddress clientAddress,
    qsizetype maxBodyBytes, std::chrono::milliseconds heartbeat)
    : m_agents(agents)
    , m_desk(desk)
    , m_store(store)
    , m_hub(hub)
    , m_limiter(limiter)
    , m_settings(settings)
    , m_clientAddress(std::move(clientAddress))
    , m_maxBodyBytes(maxBodyBytes)
    , m_heartbeat(heartbeat)
    , m_streams([&agents](const QString &tokenHash) { return agents.isStillValid(tokenHash); })
{
}

void AgentRoutes::serve(const QHttpServerRequest &request, QHttpServerResponder &&responder,
    Method method, const Handler &handler)
{
    const auto exchange = std::make_shared<Exchange>(std::move(responder));
    exchange->failOnError([&] {
        if (request.method() != method)
            throw DomainError(DomainError::Kind::NotSupported, QStringLiteral("method_not_allowed"),
                QCoreApplication::translate("AgentRoutes", "Use %1 for this route.")
                    .arg(method == Method::Get      ? QStringLiteral("GET")
                            : method == Method::Put ? QStringLiteral("PUT")
                                                    : QStringLiteral("POST")));
        const auto agent = m_agents.authenticate(bearerToken(request));
        if (!agent)
            throw DomainError::unauthorized(QCoreApplication::translate("AgentRoutes",
                "Send an agent token as \"Authorization: Bearer <token>\"; "
                "'frontline agent add NAME' creates one."));
        handler(*agent, request, exchange);
    });
}

void AgentRoutes::registerOn(QHttpServer &server)
{
    // The one route without a token: it gives one for a username and password.
    server.route(QStringLiteral("/api/agent/login"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            const auto exchange = std::make_shared<Exchange>(std::move(responder));
            exchange->failOnError([&] {
                if (request.method() != Method::Post)
                    throw DomainError(DomainError::Kind::NotSupported,
                        QStringLiteral("method_not_allowed"),
                        QCoreApplication::translate("AgentRoutes", "Use POST for this route."));
                const QJsonObject body = jsonBody(request, m_maxBodyBytes);
                const QString password = stringField(body, QStringLiteral("password"), true, 1024);
                const AgentDirectory::LoginAttempt attempt
                    = m_agents.startLogin(stringField(body, QStringLiteral("username"), true, 64),
                        m_clientAddress.of(request).toString());
                // PBKDF2 takes some 0.3 s: on a worker thread, so this one keeps serving. The
                // watcher belongs to the hub, which the backend deletes first when it stops.
                auto *check = new QFutureWatcher<bool>(&m_hub);
                QObject::connect(check, &QFutureWatcher<bool>::finished, check,
                    [this, check, attempt, exchange] {
                        check->deleteLater();
                        exchange->failOnError([&] {
                            const NewAgent session = m_agents.finishLogin(attempt, check->result());
                            QJsonObject answer = agentJson(session.agent);
                            answer.insert(QStringLiteral("token"), session.token);
                            exchange->reply(http::json(answer));
                        });
                    });
                check->setFuture(QtConcurrent::run(
                    [hasher = m_agents.hasher(), password, hash = attempt.passwordHash] {
                        return hasher.verify(password, hash);
                    }));
            });
        });

    // Ends the sign-in whose token comes with it (and its event streams on this node at once;
    // other nodes' within a second, see AgentStreams).
    server.route(QStringLiteral("/api/agent/logout"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            serve(request, std::move(responder), Method::Post,
                [this](const Agent &agent, const QHttpServerRequest &r, const ExchangePtr &e) {
                    const QString token = bearerToken(r);
                    m_agents.logout(token, agent);
                    m_streams.closeToken(tokens::hashToken(token));
                    e->reply(http::json({ { QStringLiteral("signedOut"), true } }));
                });
        });

    server.route(QStringLiteral("/api/agent/me"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            serve(request, std::move(responder), Method::Get,
                [](const Agent &agent, const QHttpServerRequest &, const ExchangePtr &exchange) {
                    exchange->reply(http::json(agentJson(agent)));
                });
        });
    server.route(QStringLiteral("/api/agent/sessions"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            serve(request, std::move(responder), Method::Get,
                [this](const Agent &agent, const QHttpServerRequest &r, const ExchangePtr &e) {
                    sessions(agent, r, e);
                });
        });
    server.route(QStringLiteral("/api/agent/sessions/<arg>/messages"),
        [this](const QString &id, const QHttpServerRequest &request,
            QHttpServerResponder &&responder) {
            serve(request, std::move(responder), Method::Get,
                [this, id](const Agent &, const QHttpServerRequest &r, const ExchangePtr &e) {
                    messages(id, r, e);
                });
        });

    // The actions on a session: each answers with the session as it is afterwards.
    using Action = ChatSession (AgentDesk::*)(const Agent &, const QString &);
    const auto action = [&](const char *verb, Action act) {
        server.route(QStringLiteral("/api/agent/sessions/<arg>/") + QLatin1String(verb),
            [this, act](const QString &id, const QHttpServerRequest &request,
                QHttpServerResponder &&responder) {
                serve(request, std::move(responder), Method::Post,
                    [this, act, id](
                        const Agent &agent, const QHttpServerRequest &, const ExchangePtr &e) {
                        e->reply(http::json({ { QStringLiteral("session"),
                            json::agentSession((m_desk.*act)(agent, id)) } }));
                    });
            });
    };
    action("claim", &AgentDesk::claim);
    action("release", &AgentDesk::release);
    action("close", &AgentDesk::close);

    server.route(QStringLiteral("/api/agent/sessions/<arg>/reply"),
        [this](const QString &id, const QHttpServerRequest &request,
            QHttpServerResponder &&responder) {
            serve(request, std::move(responder), Method::Post,
                [this, id](const Agent &agent, const QHttpServerRequest &r, const ExchangePtr &e) {
                    const QJsonObject body = jsonBody(r, m_maxBodyBytes);
                    const ChatMessage message = m_desk.reply(agent, id,
                        stringField(body, QStringLiteral("message"), true, 64 * 1024),
                        clientMessageId(body));
                    e->reply(http::json({ { QStringLiteral("message"), json::message(message) } }));
                });
        });

    server.route(QStringLiteral("/api/agent/sessions/<arg>/read"),
        [this](const QString &id, const QHttpServerRequest &request,
            QHttpServerResponder &&responder) {
            serve(request, std::move(responder), Method::Post,
                [this, id](const Agent &agent, const QHttpServerRequest &r, const ExchangePtr &e) {
                    const auto session = m_store.session(id);
                    if (!session)
                        throw DomainError::notFound(QCoreApplication::translate(
                            "AgentRoutes", "No session has the id \"%1\".")
                                                        .arg(id));
                    const QJsonObject body = jsonBody(r, m_maxBodyBytes);
                    const QJsonValue seq = body.value(QStringLiteral("seq"));
                    if (!seq.isUndefined() && !seq.isDouble())
                        throw DomainError::invalidInput(QStringLiteral("seq"),
                            QCoreApplication::translate("AgentRoutes", "must be a message seq."));
                    const qint64 upTo = seq.isUndefined() ? session->lastSeq : seq.toInteger();
                    m_store.markRead(agent.username, id, upTo);
                    m_store.appendAudit({ .actor = agent.username,
                        .action = QStringLiteral("session.read"),
                        .target = id,
                        .detail = QString::number(upTo) });
                    e->reply(http::json(
                        { { QStringLiteral("unread"), m_store.unreadCount(agent.username, id) } }));
                });
        });

    server.route(QStringLiteral("/api/agent/settings"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            const Method method = request.method() == Method::Put ? Method::Put : Method::Get;
            serve(request, std::move(responder), method,
                [this, method](
                    const Agent &agent, const QHttpServerRequest &r, const ExchangePtr &e) {
                    if (method == Method::Put) {
                        if (agent.role != AgentRole::Admin)
                            throw DomainError::forbidden(QStringLiteral("forbidden"),
                                QCoreApplication::translate(
                                    "AgentRoutes", "Only administrators change settings."));
                        const QJsonObject body = jsonBody(r, m_maxBodyBytes);
                        // Everything is checked before anything changes.
                        for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
                            if (it.key() != QLatin1String("mockMode")
                                && it.key() != QLatin1String("rateLimits")
                                && it.key() != QLatin1String("provider"))
                                throw DomainError::invalidInput(it.key(),
                                    QCoreApplication::translate("AgentRoutes",
                                        "is not a setting; use mockMode, rateLimits or provider."));
                        }
                        SettingsChange change;
                        change.provider = providerChange(body.value(QStringLiteral("provider")));
                        if (const auto refusal = m_settings.check(change))
                            throw refused(*refusal);
                        const QJsonValue mockMode = body.value(QStringLiteral("mockMode"));
                        if (!mockMode.isUndefined() && !mockMode.isBool())
                            throw DomainError::invalidInput(QStringLiteral("mockMode"),
                                QCoreApplication::translate(
                                    "AgentRoutes", "must be true or false."));
                        if (mockMode.isBool())
                            change.mockMode = mockMode.toBool();
                        if (const QJsonValue limits = body.value(QStringLiteral("rateLimits"));
                            !limits.isUndefined()) {
                            QString problem
                                = QCoreApplication::translate("AgentRoutes", "must be a string.")
                                + RuntimeSettings::rateLimitsExample();
                            if (limits.isString())
                                change.rateLimits
                                    = RuntimeSettings::parseRateLimits(limits.toString(), &problem);
                            if (!change.rateLimits)
                                throw DomainError::invalidInput(
                                    QStringLiteral("rateLimits"), problem);
                        }
                        if (const auto refusal = m_settings.apply(change, agent.username))
                            throw refused(*refusal);
                    }
                    e->reply(http::json(settingsJson(m_settings)));
                });
        });

    server.route(QStringLiteral("/api/agent/rate-limits"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            serve(request, std::move(responder), Method::Get,
                [this](const Agent &, const QHttpServerRequest &r, const ExchangePtr &e) {
                    rateLimitHits(r, e);
                });
        });
    server.route(QStringLiteral("/api/agent/rate-limits/per-minute"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            serve(request, std::move(responder), Method::Get,
                [this](const Agent &, const QHttpServerRequest &r, const ExchangePtr &e) {
                    rateLimitsPerMinute(r, e);
                });
        });
    server.route(QStringLiteral("/api/agent/rate-limits/lift"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            serve(request, std::move(responder), Method::Post,
                [this](const Agent &agent, const QHttpServerRequest &r, const ExchangePtr &e) {
                    liftRateLimit(agent, r, e);
                });
        });
    server.route(QStringLiteral("/api/agent/usage/<arg>"),
        [this](const QString &userKey, const QHttpServerRequest &request,
            QHttpServerResponder &&responder) {
            serve(request, std::move(responder), Method::Get,
                [this, userKey](const Agent &, const QHttpServerRequest &, const ExchangePtr &e) {
                    const auto usage = m_store.usage(userKey);
                    if (!usage)
                        throw DomainError::notFound(QCoreApplication::translate(
                            "AgentRoutes", "No usage is recorded for \"%1\".")
                                                        .arg(userKey));
                    e->reply(http::json({ { QStringLiteral("userKey"), usage->userKey },
                        { QStringLiteral("sessions"), usage->sessions },
                        { QStringLiteral("messagesSent"), usage->messagesSent },
                        { QStringLiteral("assistantReplies"), usage->assistantReplies },
                        { QStringLiteral("rateLimited"), usage->rateLimited },
                        { QStringLiteral("tokensIn"), usage->tokensIn },
                        { QStringLiteral("tokensOut"), usage->tokensOut },
                        { QStringLiteral("lastActiveAt"),
                            json::timestamp(usage->lastActiveAt) } }));
                });
        });

    server.route(QStringLiteral("/api/agent/events"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            serve(request, std::move(responder), Method::Get,
                [this](const Agent &, const QHttpServerRequest &r, const ExchangePtr &e) {
                    events(e, tokens::hashToken(bearerToken(r)));
                });
        });
}

void AgentRoutes::sessions(
    const Agent &agent, const QHttpServerRequest &request, const ExchangePtr &exchange)
{
    const QUrlQuery query = request.query();
    SessionFilter filter;
    if (query.hasQueryItem(QStringLiteral("status"))) {
        filter.status
            = sessionStatusFromName(query.queryItemValue(QStringLiteral("status")).toUpper());
        if (!filter.status)
            throw DomainError::invalidInput(QStringLiteral("status"),
                QCoreApplication::translate(
                    "AgentRoutes", "use ACTIVE, WAITING, ASSIGNED or CLOSED."));
    }
    filter.assignedAgent = query.queryItemValue(QStringLiteral("agent"));
    filter.search = query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).trimmed();
    filter.limit = static_cast<int>(integerParameter(query, QStringLiteral("limit"), 50, 1, 200));
    filter.offset
        = static_cast<int>(integerParameter(query, QStringLiteral("offset"), 0, 0, 1000000));
    QJsonArray sessions;
    for (const SessionOverview &overview : m_store.sessionOverviews(filter, agent.username)) {
        QJsonObject item = json::agentSession(overview.session);
        item.insert(QStringLiteral("lastMessage"),
            overview.lastMessage ? QJsonValue(json::message(*overview.lastMessage)) : QJsonValue());
        item.insert(QStringLiteral("unread"), overview.unread);
        sessions.append(item);
    }
    exchange->reply(http::json({ { QStringLiteral("sessions"), sessions } }));
}

void AgentRoutes::messages(
    const QString &sessionId, const QHttpServerRequest &request, const ExchangePtr &exchange)
{
    if (!m_store.session(sessionId))
        throw DomainError::notFound(
            QCoreApplication::translate("AgentRoutes", "No session has the id \"%1\".")
                .arg(sessionId));
    const QUrlQuery query = request.query();
    const qint64 after = integerParameter(
        query, QStringLiteral("after"), 0, 0, std::numeric_limits<qint64>::max());
    const int limit
        = static_cast<int>(integerParameter(query, QStringLiteral("limit"), 200, 1, 1000));
    QList<ChatMessage> page = m_store.messagesAfter(sessionId, after, limit + 1);
    const bool hasMore = page.size() > limit;
    if (hasMore)
        page.removeLast();
    exchange->reply(http::json({ { QStringLiteral("messages"), json::messages(page) },
        { QStringLiteral("hasMore"), hasMore } }));
}

void AgentRoutes::rateLimitHits(const QHttpServerRequest &request, const ExchangePtr &exchange)
{
    const QUrlQuery query = request.query();
    RateLimitHitFilter filter;
    filter.from = timeParameter(query, QStringLiteral("from"), QDateTime());
    filter.to = timeParameter(query, QStringLiteral("to"), QDateTime());
    filter.route = query.queryItemValue(QStringLiteral("route"), QUrl::FullyDecoded);
    filter.key = query.queryItemValue(
        QStringLiteral("key"), QUrl::FullyDecoded); // a user id may hold "+" or "&"
    filter.limit = static_cast<int>(integerParameter(query, QStringLiteral("limit"), 100, 1, 1000));
    filter.offset
        = static_cast<int>(integerParameter(query, QStringLiteral("offset"), 0, 0, 10000000));
    QJsonArray hits;
    for (const RateLimitHit &hit : m_store.rateLimitHits(filter))
        hits.append(hitJson(hit));
    exchange->reply(http::json({ { QStringLiteral("hits"), hits } }));
}

void AgentRoutes::rateLimitsPerMinute(
    const QHttpServerRequest &request, const ExchangePtr &exchange)
{
    const QUrlQuery query = request.query();
    const QDateTime to
        = timeParameter(query, QStringLiteral("to"), QDateTime::currentDateTimeUtc());
    const QDateTime from = timeParameter(query, QStringLiteral("from"), to.addSecs(-3600));
    QJsonArray minutes;
    for (const auto &[minute, hits] : m_store.rateLimitHitsPerMinute(from, to))
        minutes.append(QJsonObject { { QStringLiteral("minute"), json::timestamp(minute) },
            { QStringLiteral("hits"), hits } });
    exchange->reply(http::json({ { QStringLiteral("minutes"), minutes } }));
}

void AgentRoutes::liftRateLimit(
    const Agent &agent, const QHttpServerRequest &request, const ExchangePtr &exchange)
{
    const QJsonObject body = jsonBody(request, m_maxBodyBytes);
    const QString kind = stringField(body, QStringLiteral("keyKind"), true, 20);
    const QString key = stringField(body, QStringLiteral("key"), true, 200);
    if (!RateLimitKey::isKind(kind))
        throw DomainError::invalidInput(QStringLiteral("keyKind"),
            QCoreApplication::translate("AgentRoutes", "use ip, user or session."));
    m_limiter.lift({ kind, key });
    m_store.appendAudit({ .actor = agent.username,
        .action = QStringLiteral("rate-limit.lift"),
        .target = RateLimitKey { kind, key }.name() });
    exchange->reply(http::json({ { QStringLiteral("lifted"), true } }));
}

void AgentRoutes::events(const ExchangePtr &exchange, const QString &tokenHash)
{
    // Everything that happens, for consoles. After a drop a console re-reads what it shows
    // (sessions, then each open conversation after its last seq), so nothing is missed.
    auto *stream = new http::EventStream(
        exchange->takeResponder(), exchange->headers(), m_heartbeat, &m_hub);
    m_streams.add(stream, tokenHash);
    QObject::connect(&m_hub, &LiveHub::messageAdded, stream, [stream](const ChatMessage &m) {
        stream->send(QByteArrayLiteral("message"), compact(json::message(m)));
    });
    QObject::connect(&m_hub, &LiveHub::sessionChanged, stream, [stream](const ChatSession &s) {
        stream->send(QByteArrayLiteral("session"), compact(json::agentSession(s)));
    });
    QObject::connect(&m_hub, &LiveHub::rateLimitHit, stream, [stream](const RateLimitHit &hit) {
        stream->send(QByteArrayLiteral("rate-limit-hit"), compact(hitJson(hit)));
    });
    QObject::connect(&m_hub, &LiveHub::settingsChanged, stream,
        [stream](const QString &key, const QString &value, const QString &actor) {
            stream->send(QByteArrayLiteral("settings"),
                compact({ { QStringLiteral("key"), key }, { QStringLiteral("value"), value },
                    { QStringLiteral("actor"), actor } }));
        });
    stream->send(QByteArrayLiteral("hello"), compact({ { QStringLiteral("connected"), true } }));
}

} // namespace frontline
