// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentroutes.h"

#include "agentnames.h"
#include "agents/agentdirectory.h"
#include "assistant/openaiassistant.h"
#include "chat/agentdesk.h"
#include "chat/attachmentdesk.h"
#include "core/logging.h"
#include "domain/displayname.h"
#include "domain/domainerror.h"
#include "eventfanout.h"
#include "http/eventstream.h"
#include "http/response.h"
#include "http/router.h"
#include "jsoncodec.h"
#include "live/livehub.h"
#include "requestparsing.h"
#include "security/ratelimiter.h"
#include "security/tokens.h"
#include "settings/runtimesettings.h"
#include "store/ratelimits.h"
#include "store/store.h"
#include "store/storeworkers.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace frontline {

namespace {

using http::Method;

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
                { QStringLiteral("systemPrompt"), values.providerSystemPrompt } } },
        // As set: empty while customers read the default in their language.
        { QStringLiteral("administratorName"), values.administratorName },
        { QStringLiteral("autoAssignment"), values.autoAssignment.toJson() },
        { QStringLiteral("businessHours"), values.businessHours.toJson() },
        { QStringLiteral("preChat"), values.preChat.toJson() } };
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

// Answers with the session as it is after an action.
std::function<void(const ChatSession &)> sessionAnswer(const ExchangePtr &exchange)
{
    return [exchange](const ChatSession &session) {
        exchange->reply(http::json({ { QStringLiteral("session"), json::agentSession(session) } }));
    };
}

} // namespace

AgentRoutes::AgentRoutes(AgentDirectory &agents, const AgentNames &names, AgentDesk &desk,
    AttachmentDesk &attachments, const AttachmentLinks &links, AgentPresence &presence,
    StoreWorkers &store, LiveHub &hub, EventFanOut &fanOut, RateLimits &limiter,
    RuntimeSettings &settings, Copilot &copilot, const Assistant &assistant,
    http::ClientAddress clientAddress, qsizetype maxBodyBytes, std::chrono::milliseconds heartbeat)
    : m_agents(agents)
    , m_names(names)
    , m_desk(desk)
    , m_attachments(attachments)
    , m_links(links)
    , m_presence(presence)
    , m_store(store)
    , m_hub(hub)
    , m_fanOut(fanOut)
    , m_limiter(limiter)
    , m_settings(settings)
    , m_copilot(copilot)
    , m_assistant(assistant)
    , m_clientAddress(std::move(clientAddress))
    , m_maxBodyBytes(maxBodyBytes)
    , m_heartbeat(heartbeat)
    , m_streams(agents)
    , m_labels(store, hub)
    , m_canned(store)
    , m_knowledge(store)
{
}

const QList<AgentRoutes::Route> &AgentRoutes::routes()
{
    using enum Access;
    static const QList<Route> routes {
        // The one route without a token: it gives one for a username and password.
        { Method::Post, "/api/agent/login", Anyone, &AgentRoutes::login },
        { Method::Post, "/api/agent/logout", SignedIn, &AgentRoutes::logout },
        { Method::Get, "/api/agent/me", SignedIn, &AgentRoutes::me },
        { Method::Put, "/api/agent/me", SignedIn, &AgentRoutes::rename },
        { Method::Post, "/api/agent/me/password", SignedIn, &AgentRoutes::changePassword },
        { Method::Put, "/api/agent/me/presence", SignedIn, &AgentRoutes::setPresence },
        { Method::Get, "/api/agent/agents", SignedIn, &AgentRoutes::team },
        { Method::Get, "/api/agent/canned-responses", SignedIn, &AgentRoutes::cannedResponses },
        { Method::Post, "/api/agent/canned-responses", SignedIn, &AgentRoutes::addCannedResponse },
        { Method::Put, "/api/agent/canned-responses/<arg>", SignedIn,
            &AgentRoutes::changeCannedResponse },
        { Method::Delete, "/api/agent/canned-responses/<arg>", SignedIn,
            &AgentRoutes::removeCannedResponse },
        // The paths without an id first: "<arg>" would take "search" and "unanswered".
        { Method::Get, "/api/agent/knowledge", SignedIn, &AgentRoutes::knowledgeArticles },
        { Method::Post, "/api/agent/knowledge", SignedIn, &AgentRoutes::addKnowledgeArticle },
        { Method::Get, "/api/agent/knowledge/search", SignedIn, &AgentRoutes::searchKnowledge },
        { Method::Get, "/api/agent/knowledge/unanswered", SignedIn,
            &AgentRoutes::unansweredQuestions },
        { Method::Delete, "/api/agent/knowledge/unanswered/<arg>", SignedIn,
            &AgentRoutes::dismissUnansweredQuestion },
        { Method::Get, "/api/agent/knowledge/<arg>", SignedIn, &AgentRoutes::knowledgeArticle },
        { Method::Put, "/api/agent/knowledge/<arg>", SignedIn,
            &AgentRoutes::changeKnowledgeArticle },
        { Method::Delete, "/api/agent/knowledge/<arg>", SignedIn,
            &AgentRoutes::removeKnowledgeArticle },
        { Method::Get, "/api/agent/sessions", SignedIn, &AgentRoutes::sessions },
        { Method::Get, "/api/agent/sessions/<arg>/messages", SignedIn, &AgentRoutes::messages },
        { Method::Post, "/api/agent/sessions/<arg>/claim", SignedIn, &AgentRoutes::claim },
        { Method::Post, "/api/agent/sessions/<arg>/release", SignedIn, &AgentRoutes::release },
        { Method::Post, "/api/agent/sessions/<arg>/close", SignedIn, &AgentRoutes::close },
        { Method::Post, "/api/agent/sessions/<arg>/reply", SignedIn, &AgentRoutes::reply },
        { Method::Post, "/api/agent/sessions/<arg>/notes", SignedIn, &AgentRoutes::note },
        { Method::Post, "/api/agent/sessions/<arg>/transfer", SignedIn, &AgentRoutes::transfer },
        { Method::Post, "/api/agent/sessions/<arg>/read", SignedIn, &AgentRoutes::markRead },
        { Method::Post, "/api/agent/sessions/<arg>/typing", SignedIn, &AgentRoutes::typing },
        { Method::Post, "/api/agent/sessions/<arg>/suggest", SignedIn, &AgentRoutes::suggestReply },
        { Method::Get, "/api/agent/sessions/<arg>/summary", SignedIn,
            &AgentRoutes::summarizeSession },
        { Method::Post, "/api/agent/sessions/<arg>/translate", SignedIn,
            &AgentRoutes::translateMessage },
        { Method::Post, "/api/agent/sessions/<arg>/attachments", SignedIn,
            &AgentRoutes::uploadAttachment },
        { Method::Get, "/api/agent/attachments/<arg>", SignedIn, &AgentRoutes::attachmentFile },
        { Method::Get, "/api/agent/attachments/<arg>/thumbnail", SignedIn,
            &AgentRoutes::attachmentThumbnail },
        { Method::Put, "/api/agent/sessions/<arg>/labels", SignedIn,
            &AgentRoutes::setSessionLabels },
        { Method::Get, "/api/agent/sessions/<arg>/past", SignedIn,
            &AgentRoutes::pastConversations },
        { Method::Get, "/api/agent/sessions/<arg>/mails", SignedIn, &AgentRoutes::sessionMails },
        { Method::Get, "/api/agent/outbox", SignedIn, &AgentRoutes::outbox },
        { Method::Post, "/api/agent/outbox/<arg>/retry", SignedIn, &AgentRoutes::retryMail },
        { Method::Get, "/api/agent/labels", SignedIn, &AgentRoutes::labels },
        { Method::Post, "/api/agent/labels", SignedIn, &AgentRoutes::addLabel },
        { Method::Put, "/api/agent/labels/<arg>", SignedIn, &AgentRoutes::changeLabel },
        { Method::Delete, "/api/agent/labels/<arg>", SignedIn, &AgentRoutes::removeLabel },
        { Method::Get, "/api/agent/settings", SignedIn, &AgentRoutes::settings },
        { Method::Put, "/api/agent/settings", SignedIn, &AgentRoutes::changeSettings },
        { Method::Get, "/api/agent/rate-limits", SignedIn, &AgentRoutes::rateLimitHits },
        { Method::Get, "/api/agent/rate-limits/per-minute", SignedIn,
            &AgentRoutes::rateLimitsPerMinute },
        { Method::Post, "/api/agent/rate-limits/lift", SignedIn, &AgentRoutes::liftRateLimit },
        { Method::Get, "/api/agent/usage/<arg>", SignedIn, &AgentRoutes::usage },
        { Method::Get, "/api/agent/events", SignedIn, &AgentRoutes::events },
    };
    return routes;
}

void AgentRoutes::addTo(http::Router &router)
{
    for (const Route &route : routes()) {
        router.add({ route.method, QLatin1String(route.path),
                       [this, &route](const http::Request &request, http::Responder &&responder) {
                           serve(route, request, std::move(responder));
                       } },
            [&route](const http::Request &, http::Responder &&responder, Method expected) {
                refuseMethod(route, std::move(responder), expected);
            });
    }
}

void AgentRoutes::serve(
    const Route &route, const http::Request &request, http::Responder &&responder)
{
    const auto exchange = std::make_shared<Exchange>(std::move(responder));
    const StoreFailure failed
        = [exchange](const std::exception_ptr &error) { exchange->fail(error); };
    try {
        Call call { exchange, Agent(), bearerToken(request), m_clientAddress.of(request).toString(),
            request.pathArgument(), request.query(), request.body(),
            request.header(QByteArrayLiteral("Content-Type")) };
        if (route.access == Access::Anyone) {
            (this->*route.handler)(call, failed);
            return;
        }
        // From memory for a token this node checked within the last second, else read.
        m_agents.authenticate(
            call.token,
            [this, handler = route.handler, call, failed](const std::optional<Agent> &agent) {
                if (!agent)
                    throw DomainError::unauthorized(QCoreApplication::translate("AgentRoutes",
                        "Send an agent token as \"Authorization: Bearer <token>\"; "
                        "'frontline agent add NAME' creates one."));
                Call signedIn = call;
                signedIn.agent = *agent;
                (this->*handler)(signedIn, failed);
            },
            failed);
    } catch (...) {
        failed(std::current_exception());
    }
}

QJsonObject AgentRoutes::agentJson(const Agent &agent) const
{
    return { { QStringLiteral("username"), agent.username },
        { QStringLiteral("displayName"), m_names.forAgents(agent.displayName) },
        { QStringLiteral("role"), roleName(agent.role) } };
}

QJsonObject AgentRoutes::Call::json(qsizetype maxBodyBytes) const
{
    return decodeJsonBody(body, contentType, maxBodyBytes);
}

void AgentRoutes::refuseMethod(const Route &route, http::Responder &&responder, Method expected)
{
    Exchange exchange(std::move(responder));
    exchange.fail(DomainError(DomainError::Kind::NotSupported, QStringLiteral("method_not_allowed"),
        route.access == Access::Anyone
            ? QCoreApplication::translate("AgentRoutes", "Use POST for this route.")
            : QCoreApplication::translate("AgentRoutes", "Use %1 for this route.")
                  .arg(http::methodName(expected))));
}

void AgentRoutes::login(const Call &call, const StoreFailure &failed)
{
    const QJsonObject body = call.json(m_maxBodyBytes);
    const QString password = stringField(body, QStringLiteral("password"), true, 1024);
    m_agents.signIn(
        stringField(body, QStringLiteral("username"), true, 64), password, call.clientIp,
        [this, exchange = call.exchange](const NewAgent &session) {
            QJsonObject answer = agentJson(session.agent);
            answer.insert(QStringLiteral("token"), session.token);
            exchange->reply(http::json(answer));
        },
        failed);
}

// Ends the sign-in whose token comes with it (and its event streams on this node at once;
// other nodes' within a second, see AgentStreams).
void AgentRoutes::logout(const Call &call, const StoreFailure &failed)
{
    m_agents.logout(
        call.token, call.agent,
        [this, exchange = call.exchange, tokenHash = tokens::hashToken(call.token)] {
            m_streams.closeToken(tokenHash);
            exchange->reply(http::json({ { QStringLiteral("signedOut"), true } }));
        },
        failed);
}

void AgentRoutes::me(const Call &call, const StoreFailure &)
{
    call.exchange->reply(http::json(agentJson(call.agent)));
}

// The agent's own name, as customers see it. The administrator of FRONTLINE_ADMIN_TOKEN has
// no stored account: their name is the setting administratorName, which this changes (""
// back to the default), so the console has one field for "my name" whoever signed in.
void AgentRoutes::rename(const Call &call, const StoreFailure &failed)
{
    const QJsonObject body = call.json(m_maxBodyBytes);
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (it.key() != QLatin1String("displayName"))
            throw DomainError::invalidInput(it.key(),
                QCoreApplication::translate(
                    "AgentRoutes", "cannot be changed here; send only displayName."));
    }
    const QJsonValue value = body.value(QStringLiteral("displayName"));
    if (!value.isString())
        throw DomainError::invalidInput(QStringLiteral("displayName"),
            QCoreApplication::translate(
                "AgentRoutes", "must be a string: the name customers see of you."));
    QString problem;
    const Agent &agent = call.agent;
    if (agent.username == AgentDirectory::reservedUsername()) {
        SettingsChange change;
        change.administratorName
            = RuntimeSettings::parseAdministratorName(value.toString(), &problem);
        if (!change.administratorName)
            throw DomainError::invalidInput(QStringLiteral("displayName"), problem);
        const auto refusal = m_settings.apply(
            change, agent.username,
            [this, agent, exchange = call.exchange] {
                exchange->reply(http::json(agentJson(agent)));
            },
            failed);
        if (refusal)
            throw refused(*refusal);
        return;
    }
    const std::optional<QString> name = displayname::parse(value.toString(), &problem);
    if (!name)
        throw DomainError::invalidInput(QStringLiteral("displayName"), problem);
    m_agents.rename(
        agent, *name,
        [this, exchange = call.exchange](const Agent &renamed) {
            // Every console here hears of it (the other nodes' through the cluster bridge).
            Q_EMIT m_hub.agentChanged(renamed);
            exchange->reply(http::json(agentJson(renamed)));
        },
        failed);
}

// Answered 204 once the new password is stored; the token of the request still works.
void AgentRoutes::changePassword(const Call &call, const StoreFailure &failed)
{
    if (call.agent.username == AgentDirectory::reservedUsername())
        throw DomainError::conflict(QStringLiteral("no_password"),
            QCoreApplication::translate("AgentRoutes",
                "The administrator signs in with FRONTLINE_ADMIN_TOKEN and has no password; the "
                "operator changes that token."));
    const QJsonObject body = call.json(m_maxBodyBytes);
    const QString current = stringField(body, QStringLiteral("currentPassword"), false, 1024);
    const QString next = stringField(body, QStringLiteral("newPassword"), true, 1024);
    m_agents.changePassword(
        call.agent, call.token, current, next, call.clientIp,
        [exchange = call.exchange] {
            exchange->reply({ http::Status::NoContent, {}, {}, {} });
        },
        failed);
}

// The actions on a session answer with the session as it is afterwards.
void AgentRoutes::claim(const Call &call, const StoreFailure &failed)
{
    m_desk.claim(call.agent, call.sessionId(), sessionAnswer(call.exchange), failed);
}

void AgentRoutes::release(const Call &call, const StoreFailure &failed)
{
    m_desk.release(call.agent, call.sessionId(), sessionAnswer(call.exchange), failed);
}

void AgentRoutes::close(const Call &call, const StoreFailure &failed)
{
    m_desk.close(call.agent, call.sessionId(), sessionAnswer(call.exchange), failed);
}

void AgentRoutes::reply(const Call &call, const StoreFailure &failed)
{
    const QJsonObject body = call.json(m_maxBodyBytes);
    const QStringList attachments = attachmentIds(body);
    // A file may go alone: then the text may be empty.
    const QString text
        = stringField(body, QStringLiteral("message"), attachments.isEmpty(), 64 * 1024);
    const QString clientId = clientMessageId(body);
    m_attachments.resolve(
        call.sessionId(), attachments,
        [this, call, text, clientId, failed](const QList<Attachment> &files) {
            m_desk.reply(
                call.agent, call.sessionId(), text, clientId, files,
                [this, exchange = call.exchange](const ChatMessage &message) {
                    exchange->reply(http::json({ { QStringLiteral("message"),
                        json::message(m_names.forAgents(message), agentUrls()) } }));
                },
                failed);
        },
        failed);
}

void AgentRoutes::note(const Call &call, const StoreFailure &failed)
{
    const QJsonObject body = call.json(m_maxBodyBytes);
    m_desk.note(
        call.agent, call.sessionId(), stringField(body, QStringLiteral("text"), true, 64 * 1024),
        [&names = m_names, urls = agentUrls(), exchange = call.exchange](const ChatMessage &note) {
            exchange->reply(http::json(
                { { QStringLiteral("note"), json::message(names.forAgents(note), urls) } },
                http::Status::Created));
        },
        failed);
}

void AgentRoutes::markRead(const Call &call, const StoreFailure &failed)
{
    const QJsonObject body = call.json(m_maxBodyBytes);
    const QJsonValue seq = body.value(QStringLiteral("seq"));
    if (!seq.isUndefined() && !seq.isDouble())
        throw DomainError::invalidInput(QStringLiteral("seq"),
            QCoreApplication::translate("AgentRoutes", "must be a message seq."));
    const std::optional<qint64> upTo
        = seq.isUndefined() ? std::nullopt : std::optional<qint64>(seq.toInteger());
    m_desk.markRead(
        call.agent, call.sessionId(), upTo,
        [exchange = call.exchange](qint64 unread) {
            exchange->reply(http::json({ { QStringLiteral("unread"), unread } }));
        },
        failed);
}

void AgentRoutes::typing(const Call &call, const StoreFailure &failed)
{
    m_desk.typing(
        call.agent, call.sessionId(),
        [exchange = call.exchange] {
            exchange->reply({ http::Status::NoContent, {}, {}, {} });
        },
        failed);
}

void AgentRoutes::settings(const Call &call, const StoreFailure &)
{
    call.exchange->reply(http::json(settingsJson(m_settings)));
}

void AgentRoutes::changeSettings(const Call &call, const StoreFailure &failed)
{
    const Agent &agent = call.agent;
    if (agent.role != AgentRole::Admin)
        throw DomainError::forbidden(QStringLiteral("forbidden"),
            QCoreApplication::translate("AgentRoutes", "Only administrators change settings."));
    const QJsonObject body = call.json(m_maxBodyBytes);
    // Everything is checked before anything changes.
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (it.key() != QLatin1String("mockMode") && it.key() != QLatin1String("rateLimits")
            && it.key() != QLatin1String("provider")
            && it.key() != QLatin1String("administratorName")
            && it.key() != QLatin1String("autoAssignment")
            && it.key() != QLatin1String("businessHours") && it.key() != QLatin1String("preChat"))
            throw DomainError::invalidInput(it.key(),
                QCoreApplication::translate("AgentRoutes",
                    "is not a setting; use mockMode, rateLimits, provider, administratorName, "
                    "autoAssignment, businessHours or preChat."));
    }
    SettingsChange change;
    change.provider = providerChange(body.value(QStringLiteral("provider")));
    if (const auto refusal = m_settings.check(change))
        throw refused(*refusal);
    const QJsonValue mockMode = body.value(QStringLiteral("mockMode"));
    if (!mockMode.isUndefined() && !mockMode.isBool())
        throw DomainError::invalidInput(QStringLiteral("mockMode"),
            QCoreApplication::translate("AgentRoutes", "must be true or false."));
    if (mockMode.isBool())
        change.mockMode = mockMode.toBool();
    if (const QJsonValue limits = body.value(QStringLiteral("rateLimits")); !limits.isUndefined()) {
        QString problem = QCoreApplication::translate("AgentRoutes", "must be a string.")
            + RuntimeSettings::rateLimitsExample();
        if (limits.isString())
            change.rateLimits = RuntimeSettings::parseRateLimits(limits.toString(), &problem);
        if (!change.rateLimits)
            throw DomainError::invalidInput(QStringLiteral("rateLimits"), problem);
    }
    if (const QJsonValue name = body.value(QStringLiteral("administratorName"));
        !name.isUndefined()) {
        QString problem = QCoreApplication::translate(
            "AgentRoutes", "must be a string: the name customers see, or \"\" for the default.");
        if (name.isString())
            change.administratorName
                = RuntimeSettings::parseAdministratorName(name.toString(), &problem);
        if (!change.administratorName)
            throw DomainError::invalidInput(QStringLiteral("administratorName"), problem);
    }
    if (const QJsonValue policy = body.value(QStringLiteral("autoAssignment"));
        !policy.isUndefined()) {
        if (!policy.isObject())
            throw DomainError::invalidInput(QStringLiteral("autoAssignment"),
                QCoreApplication::translate("AgentRoutes",
                    "must be an object with enabled, capacity, capacities or answerMinutes."));
        QString field;
        QString problem;
        change.autoAssignment = AutoAssignmentPolicy::parse(
            policy.toObject(), m_settings.values().autoAssignment, &field, &problem);
        if (!change.autoAssignment)
            throw DomainError::invalidInput(field, problem);
    }
    if (const QJsonValue hours = body.value(QStringLiteral("businessHours"));
        !hours.isUndefined()) {
        if (!hours.isObject())
            throw DomainError::invalidInput(QStringLiteral("businessHours"),
                QCoreApplication::translate("AgentRoutes",
                    "must be an object with enabled, timeZone, weekly or closedDays."));
        QString field;
        QString problem;
        change.businessHours = BusinessHours::parse(
            hours.toObject(), m_settings.values().businessHours, &field, &problem);
        if (!change.businessHours)
            throw DomainError::invalidInput(field, problem);
    }
    if (const QJsonValue form = body.value(QStringLiteral("preChat")); !form.isUndefined()) {
        if (!form.isObject())
            throw DomainError::invalidInput(QStringLiteral("preChat"),
                QCoreApplication::translate(
                    "AgentRoutes", "must be an object with enabled, name, email or consent."));
        QString field;
        QString problem;
        change.preChat
            = PreChatForm::parse(form.toObject(), m_settings.values().preChat, &field, &problem);
        if (!change.preChat)
            throw DomainError::invalidInput(field, problem);
    }
    // Answered with the settings as they are once the change is stored and made.
    const auto refusal = m_settings.apply(
        change, agent.username,
        [this, exchange = call.exchange] { exchange->reply(http::json(settingsJson(m_settings))); },
        failed);
    if (refusal)
        throw refused(*refusal);
}

void AgentRoutes::usage(const Call &call, const StoreFailure &failed)
{
    m_store.read(
        &m_pending, [userKey = call.pathArgument](Store &store) { return store.usage(userKey); },
        [exchange = call.exchange, userKey = call.pathArgument](
            const std::optional<UsageStats> &usage) {
            if (!usage)
                throw DomainError::notFound(
                    QCoreApplication::translate("AgentRoutes", "No usage is recorded for \"%1\".")
                        .arg(userKey));
            exchange->reply(http::json({ { QStringLiteral("userKey"), usage->userKey },
                { QStringLiteral("sessions"), usage->sessions },
                { QStringLiteral("messagesSent"), usage->messagesSent },
                { QStringLiteral("assistantReplies"), usage->assistantReplies },
                { QStringLiteral("rateLimited"), usage->rateLimited },
                { QStringLiteral("tokensIn"), usage->tokensIn },
                { QStringLiteral("tokensOut"), usage->tokensOut },
                { QStringLiteral("lastActiveAt"), json::timestamp(usage->lastActiveAt) } }));
        },
        failed);
}

void AgentRoutes::sessions(const Call &call, const StoreFailure &failed)
{
    const QUrlQuery &query = call.query;
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
    if (query.hasQueryItem(QStringLiteral("label")))
        filter.label = LabelDesk::checkedName(QStringLiteral("label"),
            query.queryItemValue(QStringLiteral("label"), QUrl::FullyDecoded));
    filter.limit = static_cast<int>(integerParameter(query, QStringLiteral("limit"), 50, 1, 200));
    filter.offset
        = static_cast<int>(integerParameter(query, QStringLiteral("offset"), 0, 0, 1000000));
    m_store.read(
        &m_pending,
        [filter, reader = call.agent.username](
            Store &store) { return store.sessionOverviews(filter, reader); },
        [&names = m_names, urls = agentUrls(), exchange = call.exchange](
            const QList<SessionOverview> &overviews) {
            QJsonArray sessions;
            for (const SessionOverview &overview : overviews) {
                QJsonObject item = json::agentSession(overview.session);
                item.insert(QStringLiteral("lastMessage"),
                    overview.lastMessage
                        ? QJsonValue(json::message(names.forAgents(*overview.lastMessage), urls))
                        : QJsonValue());
                item.insert(QStringLiteral("unread"), overview.unread);
                if (overview.match)
                    item.insert(QStringLiteral("match"), json::sessionMatch(*overview.match));
                sessions.append(item);
            }
            exchange->reply(http::json({ { QStringLiteral("sessions"), sessions } }));
        },
        failed);
}

void AgentRoutes::messages(const Call &call, const StoreFailure &failed)
{
    const qint64 after = integerParameter(
        call.query, QStringLiteral("after"), 0, 0, std::numeric_limits<qint64>::max());
    const int limit
        = static_cast<int>(integerParameter(call.query, QStringLiteral("limit"), 200, 1, 1000));
    m_desk.messages(
        call.sessionId(), after, limit,
        [&names = m_names, urls = agentUrls(), exchange = call.exchange](const HistoryPage &page) {
            exchange->reply(http::json({ { QStringLiteral("messages"),
                                             json::messages(names.forAgents(page.messages), urls) },
                { QStringLiteral("hasMore"), page.hasMore } }));
        },
        failed);
}

void AgentRoutes::rateLimitHits(const Call &call, const StoreFailure &failed)
{
    const QUrlQuery &query = call.query;
    RateLimitHitFilter filter;
    filter.from = timeParameter(query, QStringLiteral("from"), QDateTime());
    filter.to = timeParameter(query, QStringLiteral("to"), QDateTime());
    filter.route = query.queryItemValue(QStringLiteral("route"), QUrl::FullyDecoded);
    filter.key = query.queryItemValue(
        QStringLiteral("key"), QUrl::FullyDecoded); // a user id may hold "+" or "&"
    filter.limit = static_cast<int>(integerParameter(query, QStringLiteral("limit"), 100, 1, 1000));
    filter.offset
        = static_cast<int>(integerParameter(query, QStringLiteral("offset"), 0, 0, 10000000));
    m_store.read(
        &m_pending, [filter](Store &store) { return store.rateLimitHits(filter); },
        [exchange = call.exchange](const QList<RateLimitHit> &found) {
            QJsonArray hits;
            for (const RateLimitHit &hit : found)
                hits.append(json::rateLimitHit(hit));
            exchange->reply(http::json({ { QStringLiteral("hits"), hits } }));
        },
        failed);
}

void AgentRoutes::rateLimitsPerMinute(const Call &call, const StoreFailure &failed)
{
    const QDateTime to
        = timeParameter(call.query, QStringLiteral("to"), QDateTime::currentDateTimeUtc());
    const QDateTime from = timeParameter(call.query, QStringLiteral("from"), to.addSecs(-3600));
    m_store.read(
        &m_pending, [from, to](Store &store) { return store.rateLimitHitsPerMinute(from, to); },
        [exchange = call.exchange](const QList<std::pair<QDateTime, qint64>> &perMinute) {
            QJsonArray minutes;
            for (const auto &[minute, hits] : perMinute)
                minutes.append(QJsonObject { { QStringLiteral("minute"), json::timestamp(minute) },
                    { QStringLiteral("hits"), hits } });
            exchange->reply(http::json({ { QStringLiteral("minutes"), minutes } }));
        },
        failed);
}

void AgentRoutes::liftRateLimit(const Call &call, const StoreFailure &failed)
{
    const QJsonObject body = call.json(m_maxBodyBytes);
    const QString kind = stringField(body, QStringLiteral("keyKind"), true, 20);
    const QString key = stringField(body, QStringLiteral("key"), true, 200);
    if (!RateLimitKey::isKind(kind))
        throw DomainError::invalidInput(QStringLiteral("keyKind"),
            QCoreApplication::translate("AgentRoutes", "use ip, user or session."));
    // Answered once the logs forgot the key and the audit log has it.
    m_limiter.lift(
        { kind, key },
        [this, exchange = call.exchange, failed,
            audit = AuditEntry { .actor = call.agent.username,
                .action = QStringLiteral("rate-limit.lift"),
                .target = RateLimitKey { kind, key }.name() }] {
            m_store.write(
                &m_pending, [audit](Store &store) { store.appendAudit(audit); },
                [exchange] {
                    exchange->reply(http::json({ { QStringLiteral("lifted"), true } }));
                },
                failed);
        },
        failed);
}

void AgentRoutes::events(const Call &call, const StoreFailure &)
{
    if (call.exchange->clientGone())
        return; // it went while its token was checked: nothing is kept for it
    // Everything that happens, for consoles. After a drop a console re-reads what it shows
    // (sessions, then each open conversation after its last seq), so nothing is missed.
    auto *stream = new http::EventStream(
        call.exchange->takeResponder(), call.exchange->headers(), m_heartbeat, &m_hub);
    m_streams.add(stream, tokens::hashToken(call.token));
    m_fanOut.addAgentStream(stream);
    followPresence(stream, call.agent.username);
    stream->send(QByteArrayLiteral("hello"), compact({ { QStringLiteral("connected"), true } }));
}

} // namespace frontline
