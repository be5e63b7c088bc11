// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatroutes.h"

#include "agentnames.h"
#include "attachmentresponse.h"
#include "chat/attachmentdesk.h"
#include "chat/chatservice.h"
#include "chat/customeractivity.h"
#include "chat/customermail.h"
#include "chat/teamavailability.h"
#include "core/logging.h"
#include "domain/customertexts.h"
#include "domain/domainerror.h"
#include "domain/replymarker.h"
#include "eventfanout.h"
#include "http/eventstream.h"
#include "http/response.h"
#include "http/router.h"
#include "jsoncodec.h"
#include "live/livehub.h"
#include "requestparsing.h"
#include "security/ratelimiter.h"
#include "sessioneventfeed.h"
#include "store/ratelimithitbatcher.h"
#include "store/ratelimits.h"
#include "store/store.h"
#include "store/storeerror.h"
#include "store/storeerrormapping.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRegularExpression>

namespace frontline {

namespace {

using http::Method;

RateLimitKey customerKey(const ChatSession &session)
{
    return RateLimitKey::customer(session.id, session.userId);
}

// The limits a request of `route` must pass. Messages are limited per session (or verified
// user) first, so that a spammer does not lock out the other customers behind the same
// address (a NAT, an office); the address has a higher ceiling of its own, which new
// sessions do not escape. The other routes limit the address and the session alike.
QList<RateLimitCheck> rateLimitChecks(
    const QString &route, const QString &ip, const ChatSession *session)
{
    const RateLimitKey address = RateLimitKey::address(ip);
    // What a page sends by itself (typing, seen) counts for its session only: customers behind
    // one address do not share it.
    // A transcript is a mail sent: counted per session (5 an hour by default).
    if ((route == QLatin1String("typing") || route == QLatin1String("seen")
            || route == QLatin1String("transcript"))
        && session)
        return { { route, { customerKey(*session) } } };
    if (route == QLatin1String("message")) {
        QList<RateLimitCheck> checks;
        if (session)
            checks.append({ route, { customerKey(*session) } });
        checks.append({ QStringLiteral("message-ip"), { address } });
        return checks;
    }
    QList<RateLimitKey> keys { address };
    if (session)
        keys.append(customerKey(*session));
    return { { route, keys } };
}

// Whether `error` is a refusal by a rate limit (429).
bool isLimited(const std::exception_ptr &error)
{
    try {
        std::rethrow_exception(error);
    } catch (const DomainError &refused) {
        return refused.kind() == DomainError::Kind::Limited;
    } catch (...) {
        return false;
    }
}

// When a client refused for having too many streams open may try again.
constexpr int StreamRetryAfterSeconds = 10;

// A session token in a URL ends up in access logs (the proxy's, the browser's history).
void refuseTokenInUrl(const QUrlQuery &query)
{
    if (query.hasQueryItem(QStringLiteral("token")))
        throw DomainError::unauthorized(QCoreApplication::translate("ChatRoutes",
            "Session tokens are not accepted in the URL, where logs would keep them: send the "
            "token as \"Authorization: Bearer <token>\" (an EventSource uses a ticket from "
            "POST /api/chat/events/ticket instead)."));
}

} // namespace

ChatRoutes::ChatRoutes(ChatService &chat, AttachmentDesk &attachments, StoreWorkers &store,
    const AgentNames &agents, const AttachmentLinks &links, LiveHub &hub, EventFanOut &fanOut,
    RateLimits &limiter, RateLimitHitBatcher &hits, CustomerActivity &activity,
    CustomerMail &customerMail, http::Cors cors, http::ClientAddress clientAddress,
    ChatRoutesOptions options)
    : m_chat(chat)
    , m_attachments(attachments)
    , m_store(store)
    , m_agents(agents)
    , m_links(links)
    , m_hub(hub)
    , m_fanOut(fanOut)
    , m_limiter(limiter)
    , m_hits(hits)
    , m_activity(activity)
    , m_customerMail(customerMail)
    , m_cors(std::move(cors))
    , m_clientAddress(std::move(clientAddress))
    , m_options(options)
    , m_streams(std::make_shared<http::EventStreamQuota>(options.streams))
{
}

const QList<ChatRoutes::Route> &ChatRoutes::routes()
{
    static const QList<Route> routes {
        { Method::Post, "/api/chat/create-session", "create-session", &ChatRoutes::createSession },
        { Method::Post, "/api/chat/message", "message", &ChatRoutes::postMessage },
        { Method::Get, "/api/chat/history", "history", &ChatRoutes::history },
        { Method::Get, "/api/chat/events", "", &ChatRoutes::events },
        // A ticket is asked for before each (re)connection, like a history read: it counts as one.
        { Method::Post, "/api/chat/events/ticket", "history", &ChatRoutes::eventsTicket },
        { Method::Post, "/api/chat/handoff", "", &ChatRoutes::handoff },
        // What create-session would have taken: the same limit.
        { Method::Post, "/api/chat/contact", "create-session", &ChatRoutes::contact },
        { Method::Post, "/api/chat/typing", "", &ChatRoutes::typing },
        { Method::Post, "/api/chat/seen", "", &ChatRoutes::seen },
        { Method::Post, "/api/chat/attachments", "attachment", &ChatRoutes::uploadAttachment },
        { Method::Get, "/api/chat/attachments/<arg>", "", &ChatRoutes::attachmentFile },
        { Method::Get, "/api/chat/attachments/<arg>/thumbnail", "",
            &ChatRoutes::attachmentThumbnail },
        // A resume link gives a session's token, as create-session does: the same limit.
        { Method::Post, "/api/chat/resume", "create-session", &ChatRoutes::resume },
        { Method::Post, "/api/chat/transcript", "", &ChatRoutes::transcript },
    };
    return routes;
}

void ChatRoutes::addTo(http::Router &router)
{
    for (const Route &route : routes()) {
        // Preflights and other methods are answered by serve() too, with the CORS headers.
        router.add({ route.method, QLatin1String(route.path),
                       [this, &route](const http::Request &request, http::Responder &&responder) {
                           serve(route, request, std::move(responder));
                       } },
            [this, &route](const http::Request &request, http::Responder &&responder, Method) {
                serve(route, request, std::move(responder));
            });
    }
}

void ChatRoutes::serve(
    const Route &route, const http::Request &request, http::Responder &&responder)
{
    const auto exchange = std::make_shared<Exchange>(std::move(responder));
    const QString rateLimitedAs = QLatin1String(route.rateLimitedAs);
    const QString clientIp = m_clientAddress.of(request).toString();
    // An answer refused before its limit was checked still tells the client where it stands.
    const StoreFailure failed = [this, exchange, rateLimitedAs, clientIp](
                                    const std::exception_ptr &error) {
        if (rateLimitedAs.isEmpty() || exchange->hasHeader(QByteArrayLiteral("RateLimit-Limit"))) {
            exchange->fail(error);
            return;
        }
        m_limiter.peek(
            rateLimitChecks(rateLimitedAs, clientIp, nullptr),
            [exchange, error](const RateLimitDecision &decision) {
                addRateLimitHeaders(exchange, decision);
                exchange->fail(error);
            },
            // The shared limits are out of reach (the answer says why): no headers then.
            [exchange, error](const std::exception_ptr &) { exchange->fail(error); });
    };
    try {
        if (request.method() == Method::Options) {
            const auto preflight = m_cors.preflightHeaders(request);
            if (preflight.isEmpty())
                throw DomainError::forbidden(QStringLiteral("forbidden_origin"),
                    QCoreApplication::translate("ChatRoutes",
                        "This origin may not call the chat API; ask the "
                        "operator to add it to FRONTLINE_CORS_ORIGINS."));
            exchange->addHeaders(preflight);
            exchange->reply({ http::Status::NoContent, {}, {}, {} });
            return;
        }
        exchange->addHeaders(m_cors.headersFor(request));
        if (request.method() != route.method) {
            exchange->addHeaders({ { QByteArrayLiteral("Allow"),
                http::methodName(route.method).toLatin1() + ", OPTIONS" } });
            throw DomainError(DomainError::Kind::NotSupported, QStringLiteral("method_not_allowed"),
                QCoreApplication::translate("ChatRoutes", "Use %1 for this route.")
                    .arg(http::methodName(route.method)));
        }
        (this->*route.handler)(request, exchange, failed);
    } catch (...) {
        failed(std::current_exception());
    }
}

void ChatRoutes::addRateLimitHeaders(const ExchangePtr &exchange, const RateLimitDecision &decision)
{
    if (!decision.limited)
        return;
    exchange->addHeaders(
        { { QByteArrayLiteral("RateLimit-Limit"), QByteArray::number(decision.limit) },
            { QByteArrayLiteral("RateLimit-Remaining"), QByteArray::number(decision.remaining) },
            { QByteArrayLiteral("RateLimit-Reset"), QByteArray::number(decision.resetSeconds) } });
}

void ChatRoutes::enforceRateLimit(const QString &route, const QString &ip,
    const ExchangePtr &exchange, const ChatSession *session,
    std::function<void(const RateLimitDecision &)> passed, StoreFailure refused)
{
    RateLimitHit hit;
    hit.route = route;
    hit.clientIp = ip;
    hit.sessionId = session ? session->id : QString();
    m_limiter.check(
        rateLimitChecks(route, ip, session),
        [this, exchange, hit, userKey = session ? ChatService::userKey(*session) : QString(),
            passed = std::move(passed)](const RateLimitDecision &decision) mutable {
            addRateLimitHeaders(exchange, decision);
            if (!decision.limited || decision.allowed) {
                passed(decision);
                return;
            }
            hit.keyKind = decision.refusedKey.kind;
            hit.key = decision.refusedKey.value;
            // Counted in memory and written with the others of the moment: a refusal costs no
            // disk sync and no push of its own.
            m_hits.record(hit, userKey);
            throw DomainError(DomainError::Kind::Limited, QStringLiteral("rate_limited"),
                QCoreApplication::translate("ChatRoutes",
                    "Too many requests: at most %1 per %n second(s).", nullptr,
                    decision.windowSeconds)
                        .arg(decision.limit)
                    + QLatin1Char(' ')
                    + QCoreApplication::translate("ChatRoutes", "Try again in %n second(s).",
                        nullptr, decision.retryAfterSeconds))
                .withRetryAfter(decision.retryAfterSeconds);
        },
        std::move(refused));
}

void ChatRoutes::authenticate(const QString &sessionId, const QString &token,
    std::function<void(const ChatSession &)> done, StoreFailure failed)
{
    m_chat.authenticate(
        sessionId, token,
        [this, done = std::move(done)](const ChatSession &session) {
            // Every request a customer's page makes of its session says the customer is there.
            m_activity.touch(session.id);
            done(session);
        },
        std::move(failed));
}

void ChatRoutes::createSession(
    const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed)
{
    const QJsonObject body = jsonBody(request, m_options.maxBodyBytes);
    NewSessionRequest create;
    create.name = stringField(body, QStringLiteral("name"), false, 200);
    create.email = stringField(body, QStringLiteral("email"), false, 320);
    create.locale = stringField(body, QStringLiteral("locale"), false, 35);
    create.userId = stringField(body, QStringLiteral("userId"), false, 200);
    create.userHash = stringField(body, QStringLiteral("userHash"), false, 128);
    create.userHashExpires = unixSecondsField(body, QStringLiteral("userHashExpires"));
    if (const QJsonValue consent = body.value(QStringLiteral("consent")); !consent.isUndefined()) {
        if (!consent.isBool())
            throw DomainError::invalidInput(QStringLiteral("consent"),
                QCoreApplication::translate(
                    "ChatRoutes", "must be true (the box was ticked) or false."));
        create.consent = consent.toBool();
    }
    create.clientIp = m_clientAddress.of(request).toString();
    create.userAgent = QString::fromUtf8(request.header(QByteArrayLiteral("User-Agent")));
    enforceRateLimit(
        QStringLiteral("create-session"), create.clientIp, exchange, nullptr,
        [this, exchange, failed, create](const RateLimitDecision &) {
            m_chat.createSession(
                create,
                [this, exchange](const CreatedSession &created) {
                    exchange->reply(http::json(
                        { { QStringLiteral("sessionId"), created.session.id },
                            { QStringLiteral("sessionToken"), created.token },
                            { QStringLiteral("session"), json::customerSession(created.session) },
                            { QStringLiteral("messages"),
                                json::messages(created.messages, customerUrls()) } },
                        http::Status::Created));
                },
                failed);
        },
        failed);
}

void ChatRoutes::postMessage(
    const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed)
{
    const QJsonObject body = jsonBody(request, m_options.maxBodyBytes);
    const QString sessionId = stringField(body, QStringLiteral("sessionId"), true, 100);
    const QStringList attachments = attachmentIds(body);
    // A file may go alone: then the text may be empty (but present, as clients always sent it).
    const QString text
        = stringField(body, QStringLiteral("message"), attachments.isEmpty(), 64 * 1024);
    const QString clientId = clientMessageId(body);
    const QString ip = m_clientAddress.of(request).toString();

    const auto answer = [this, exchange](const PostedMessage &posted) {
        exchange->reply(http::json(
            { { QStringLiteral("userMessage"), json::message(posted.userMessage, customerUrls()) },
                { QStringLiteral("reply"),
                    posted.reply ? QJsonValue(json::message(*posted.reply, customerUrls()))
                                 : QJsonValue(QJsonValue::Null) } }));
    };
    authenticate(
        sessionId, bearerToken(request),
        [this, exchange, failed, answer, text, clientId, attachments, ip](
            const ChatSession &session) {
            enforceRateLimit(
                QStringLiteral("message"), ip, exchange, &session,
                [this, failed, answer, text, clientId, attachments, ip, session](
                    const RateLimitDecision &taken) {
                    const auto post = [this, failed, answer, text, clientId, ip, session,
                                          at = taken.atMs](const QList<Attachment> &files) {
                        m_chat.postMessage(
                            session, text, clientId, files,
                            [this, answer, at,
                                checks = rateLimitChecks(QStringLiteral("message"), ip, &session)](
                                const PostedMessage &posted) {
                                // A retry costs no rate-limit slot: nothing was stored for it.
                                if (posted.retry && at != 0)
                                    m_limiter.giveBack(checks, at);
                                answer(posted);
                            },
                            failed);
                    };
                    m_attachments.resolve(session.id, attachments, post, failed);
                },
                [this, exchange, failed, answer, clientId, session](
                    const std::exception_ptr &error) {
                    if (clientId.isEmpty() || !isLimited(error)) {
                        failed(error);
                        return;
                    }
                    // A retry of a stored message is answered even over the limit.
                    m_chat.earlierPost(
                        session, clientId,
                        [exchange, answer, error](const std::optional<PostedMessage> &earlier) {
                            if (earlier)
                                answer(*earlier);
                            else
                                exchange->fail(error);
                        },
                        failed);
                });
        },
        failed);
}

void ChatRoutes::history(
    const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed)
{
    const QUrlQuery query = request.query();
    refuseTokenInUrl(query);
    const qint64 after = integerParameter(
        query, QStringLiteral("after"), 0, 0, std::numeric_limits<qint64>::max());
    const int limit
        = static_cast<int>(integerParameter(query, QStringLiteral("limit"), 50, 1, 200));
    const QString ip = m_clientAddress.of(request).toString();
    authenticate(
        query.queryItemValue(QStringLiteral("sessionId")), bearerToken(request),
        [this, exchange, failed, after, limit, ip](const ChatSession &session) {
            enforceRateLimit(
                QStringLiteral("history"), ip, exchange, &session,
                [this, exchange, failed, after, limit, session](const RateLimitDecision &) {
                    m_chat.history(
                        session, after, limit,
                        [this, exchange, session](const HistoryPage &page) {
                            exchange->reply(http::json({ { QStringLiteral("messages"),
                                                             json::messages(
                                                                 m_agents.forCustomer(
                                                                     page.messages, session.locale),
                                                                 customerUrls()) },
                                { QStringLiteral("session"),
                                    json::customerSession(session, m_agents.joinedAgent(session)) },
                                { QStringLiteral("hasMore"), page.hasMore } }));
                        },
                        failed);
                },
                failed);
        },
        failed);
}

void ChatRoutes::handoff(
    const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed)
{
    const QJsonObject body = jsonBody(request, m_options.maxBodyBytes);
    authenticate(
        stringField(body, QStringLiteral("sessionId"), true, 100), bearerToken(request),
        [this, exchange, failed](const ChatSession &session) {
            m_chat.requestHuman(
                session,
                [this, exchange](const ChatSession &waiting, const Availability &availability) {
                    exchange->reply(http::json({ { QStringLiteral("session"),
                                                     json::customerSession(
                                                         waiting, m_agents.joinedAgent(waiting)) },
                        { QStringLiteral("availability"), json::availability(availability) } }));
                },
                failed);
        },
        failed);
}

void ChatRoutes::contact(
    const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed)
{
    const QJsonObject body = jsonBody(request, m_options.maxBodyBytes);
    const QString sessionId = stringField(body, QStringLiteral("sessionId"), true, 100);
    const QString email = stringField(body, QStringLiteral("email"), true, 320);
    const QString name = stringField(body, QStringLiteral("name"), false, 200);
    const QString ip = m_clientAddress.of(request).toString();
    m_chat.authenticate(
        sessionId, bearerToken(request),
        [this, exchange, failed, ip, email, name](const ChatSession &session) {
            enforceRateLimit(
                QStringLiteral("create-session"), ip, exchange, &session,
                [this, exchange, failed, session, email, name](const RateLimitDecision &) {
                    m_chat.setContact(
                        session, email, name,
                        [this, exchange](const ChatSession &changed) {
                            exchange->reply(http::json({ { QStringLiteral("session"),
                                json::customerSession(changed, m_agents.joinedAgent(changed)) } }));
                        },
                        failed);
                },
                failed);
        },
        failed);
}

void ChatRoutes::typing(
    const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed)
{
    const QJsonObject body = jsonBody(request, m_options.maxBodyBytes);
    const QString ip = m_clientAddress.of(request).toString();
    authenticate(
        stringField(body, QStringLiteral("sessionId"), true, 100), bearerToken(request),
        [this, exchange, ip](const ChatSession &session) {
            // Beyond its limit typing is dropped without a word: the page, which cannot do
            // anything about it, gets its 204 all the same, and no hit is recorded (a page
            // that types fast is no abuse worth an agent's look).
            const auto answer = [exchange] {
                exchange->reply({ http::Status::NoContent, {}, {}, {} });
            };
            m_limiter.check(
                rateLimitChecks(QStringLiteral("typing"), ip, &session),
                [this, answer, session](const RateLimitDecision &decision) {
                    if (!decision.limited || decision.allowed)
                        m_chat.typing(session);
                    answer();
                },
                [answer](const std::exception_ptr &) { answer(); });
        },
        failed);
}

void ChatRoutes::seen(
    const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed)
{
    const QJsonObject body = jsonBody(request, m_options.maxBodyBytes);
    const QString sessionId = stringField(body, QStringLiteral("sessionId"), true, 100);
    const QJsonValue seqValue = body.value(QStringLiteral("seq"));
    if (!seqValue.isDouble() || seqValue.toDouble() != double(seqValue.toInteger())
        || seqValue.toInteger() < 1)
        throw DomainError::invalidInput(QStringLiteral("seq"),
            QCoreApplication::translate("ChatRoutes",
                "must be the seq of a message the page has shown (a whole number from 1)."));
    const qint64 seq = seqValue.toInteger();
    const QString ip = m_clientAddress.of(request).toString();
    authenticate(
        sessionId, bearerToken(request),
        [this, exchange, failed, ip, seq](const ChatSession &session) {
            enforceRateLimit(
                QStringLiteral("seen"), ip, exchange, &session,
                [this, exchange, failed, session, seq](const RateLimitDecision &) {
                    m_chat.markSeen(
                        session, seq,
                        [exchange] {
                            exchange->reply({ http::Status::NoContent, {}, {}, {} });
                        },
                        failed);
                },
                failed);
        },
        failed);
}

void ChatRoutes::eventsTicket(
    const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed)
{
    const QJsonObject body = jsonBody(request, m_options.maxBodyBytes);
    const QString ip = m_clientAddress.of(request).toString();
    authenticate(
        stringField(body, QStringLiteral("sessionId"), true, 100), bearerToken(request),
        [this, exchange, failed, ip](const ChatSession &session) {
            enforceRateLimit(
                QStringLiteral("history"), ip, exchange, &session,
                [this, exchange, failed, session](const RateLimitDecision &) {
                    m_chat.newStreamTicket(
                        session,
                        [exchange](const StreamTicket &ticket) {
                            exchange->reply(
                                http::json({ { QStringLiteral("ticket"), ticket.ticket },
                                    { QStringLiteral("expiresInSeconds"),
                                        qint64(ticket.lifetime.count()) } }));
                        },
                        failed);
                },
                failed);
        },
        failed);
}

void ChatRoutes::events(
    const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed)
{
    const QUrlQuery query = request.query();
    refuseTokenInUrl(query);
    // EventSource resends the last id it saw; a client of its own may say after=N instead.
    qint64 after = integerParameter(
        query, QStringLiteral("after"), 0, 0, std::numeric_limits<qint64>::max());
    const QByteArray lastEventId = request.header(QByteArrayLiteral("Last-Event-ID")).trimmed();
    if (!lastEventId.isEmpty()) {
        bool ok = false;
        after = lastEventId.toLongLong(&ok);
        if (!ok || after < 0)
            throw DomainError::invalidInput(QStringLiteral("Last-Event-ID"),
                QCoreApplication::translate("ChatRoutes", "must be a message seq."));
    }
    const QString address = m_clientAddress.of(request).toString();
    const auto open = [this, after, address, exchange](const ChatSession &session) {
        openStream(session, after, address, exchange);
    };
    // The session of an event stream: by its token in the header, or by a stream ticket.
    const QString sessionId = query.queryItemValue(QStringLiteral("sessionId"));
    const QString ticket = query.queryItemValue(QStringLiteral("ticket"));
    if (!bearerToken(request).isEmpty() || ticket.isEmpty())
        authenticate(sessionId, bearerToken(request), open, failed);
    else
        m_chat.takeStreamTicket(sessionId, ticket, open, failed);
}

void ChatRoutes::uploadAttachment(
    const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed)
{
    const QUrlQuery query = request.query();
    refuseTokenInUrl(query);
    const QString sessionId = stringParameter(query, QStringLiteral("sessionId"), true, 100);
    const QString filename = stringParameter(query, QStringLiteral("filename"), true, 1000);
    const QString clientId = uploadClientId(query);
    const QByteArray bytes = request.body();
    const QString ip = m_clientAddress.of(request).toString();
    authenticate(
        sessionId, bearerToken(request),
        [this, exchange, failed, filename, clientId, bytes, ip](const ChatSession &session) {
            if (session.status == SessionStatus::Closed)
                throw DomainError::sessionClosed();
            enforceRateLimit(
                QStringLiteral("attachment"), ip, exchange, &session,
                [this, exchange, failed, filename, clientId, bytes, session](
                    const RateLimitDecision &) {
                    // Refused in the customer's language: the chat page shows it as it is.
                    m_attachments.upload(
                        session.id, bytes, filename, clientId, QString(),
                        customertexts::isFrench(session.locale) ? QStringLiteral("fr")
                                                                : QStringLiteral("en"),
                        [this, exchange](const UploadedAttachment &uploaded) {
                            exchange->reply(http::json(
                                { { QStringLiteral("attachment"),
                                    json::attachment(uploaded.attachment, customerUrls()) } },
                                uploaded.earlier ? http::Status::Ok : http::Status::Created));
                        },
                        failed);
                },
                failed);
        },
        failed);
}

void ChatRoutes::attachmentFile(
    const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed)
{
    serveAttachment(request, false, exchange, failed);
}

void ChatRoutes::attachmentThumbnail(
    const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed)
{
    serveAttachment(request, true, exchange, failed);
}

void ChatRoutes::serveAttachment(const http::Request &request, bool thumbnail,
    const ExchangePtr &exchange, const StoreFailure &failed)
{
    const QString id = request.pathArgument();
    const QUrlQuery query = request.query();
    refuseTokenInUrl(query);
    const auto serve = [this, exchange, failed, id, thumbnail](const QString &sessionId) {
        m_attachments.content(
            id, thumbnail,
            [exchange, sessionId](const AttachmentContent &content) {
                // A session's token opens its own files only.
                if (!sessionId.isEmpty() && content.attachment.sessionId != sessionId)
                    throw DomainError::forbidden(QStringLiteral("not_your_attachment"),
                        QCoreApplication::translate(
                            "ChatRoutes", "This file belongs to another conversation."));
                exchange->reply(attachmentResponse(content));
            },
            failed);
    };
    // An <img src> sends no header: its link is signed. Anything else may send the token.
    if (query.hasQueryItem(QStringLiteral("signature"))) {
        const qint64 expires = integerParameter(
            query, QStringLiteral("expires"), 0, 0, std::numeric_limits<qint64>::max());
        if (!m_links.verify(id, thumbnail, expires,
                query.queryItemValue(QStringLiteral("signature"), QUrl::FullyDecoded)))
            throw DomainError::forbidden(QStringLiteral("invalid_link"),
                QCoreApplication::translate("ChatRoutes",
                    "This link to a file has expired or was changed: reload the conversation "
                    "to get a new one."));
        serve(QString());
        return;
    }
    const QString token = bearerToken(request);
    if (token.isEmpty())
        throw DomainError::unauthorized(QCoreApplication::translate("ChatRoutes",
            "Open a file by the link the conversation gives for it (with its expires and "
            "signature), or send the session's token as \"Authorization: Bearer <token>\" with "
            "?sessionId=."));
    authenticate(
        stringParameter(query, QStringLiteral("sessionId"), true, 100), token,
        [serve](const ChatSession &session) { serve(session.id); }, failed);
}

void ChatRoutes::resume(
    const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed)
{
    const QJsonObject body = jsonBody(request, m_options.maxBodyBytes);
    const QString link = stringField(body, QStringLiteral("resume"), true, 400);
    const QString ip = m_clientAddress.of(request).toString();
    enforceRateLimit(
        QStringLiteral("create-session"), ip, exchange, nullptr,
        [this, exchange, failed, link](const RateLimitDecision &) {
            m_customerMail.resume(
                link,
                [this, exchange](const ResumedSession &resumed) {
                    m_activity.touch(resumed.session.id);
                    exchange->reply(
                        http::json({ { QStringLiteral("sessionId"), resumed.session.id },
                            { QStringLiteral("sessionToken"), resumed.token },
                            { QStringLiteral("session"),
                                json::customerSession(
                                    resumed.session, m_agents.joinedAgent(resumed.session)) } }));
                },
                failed);
        },
        failed);
}

void ChatRoutes::transcript(
    const http::Request &request, const ExchangePtr &exchange, const StoreFailure &failed)
{
    const QJsonObject body = jsonBody(request, m_options.maxBodyBytes);
    const QString sessionId = stringField(body, QStringLiteral("sessionId"), true, 100);
    const QString email = stringField(body, QStringLiteral("email"), false, 320);
    m_customerMail.requireMail(); // 409 before anything else: no address can help
    const QString ip = m_clientAddress.of(request).toString();
    authenticate(
        sessionId, bearerToken(request),
        [this, exchange, failed, email, ip](const ChatSession &session) {
            // A wrong address costs no transcript of the hour.
            CustomerMail::checkAddress(email, session.locale);
            enforceRateLimit(
                QStringLiteral("transcript"), ip, exchange, &session,
                [this, exchange, failed, email, session](const RateLimitDecision &) {
                    m_customerMail.transcript(
                        session, email,
                        [exchange](const OutboxMail &mail) {
                            exchange->reply(http::json(
                                { { QStringLiteral("mail"),
                                    QJsonObject {
                                        { QStringLiteral("state"), mailStateName(mail.state) },
                                        { QStringLiteral("to"), mail.recipient } } } },
                                http::Status::Accepted));
                        },
                        failed);
                },
                failed);
        },
        failed);
}

void ChatRoutes::openStream(
    const ChatSession &session, qint64 after, const QString &address, const ExchangePtr &exchange)
{
    if (exchange->clientGone())
        return; // it went while its ticket was taken: no place is held for it
    // Per session and per address, apart: one customer's tabs cannot crowd out the others
    // behind the same address, and one address cannot take the node's connections.
    switch (m_streams->admit(session.id, address)) {
    case http::EventStreamQuota::Verdict::Admitted:
        break;
    case http::EventStreamQuota::Verdict::SessionFull:
        qCInfo(lcHttp, "Refused an event stream of session %s: %d open", qUtf8Printable(session.id),
            m_streams->limits().perSession);
        throw DomainError(DomainError::Kind::Limited, QStringLiteral("too_many_streams"),
            QCoreApplication::translate("ChatRoutes",
                "This conversation already has %n event stream(s) "
                "open, the most allowed: close the other tabs or "
                "windows showing it, then try again.",
                nullptr, m_streams->limits().perSession))
            .withRetryAfter(StreamRetryAfterSeconds);
    case http::EventStreamQuota::Verdict::AddressFull:
        qCInfo(lcHttp, "Refused an event stream from %s: %d open", qUtf8Printable(address),
            m_streams->limits().perAddress);
        throw DomainError(DomainError::Kind::Limited, QStringLiteral("too_many_streams"),
            QCoreApplication::translate("ChatRoutes",
                "Too many event streams are open from your address "
                "(at most %n): close some conversations, or try "
                "again in a moment.",
                nullptr, m_streams->limits().perAddress))
            .withRetryAfter(StreamRetryAfterSeconds);
    }

    auto *stream = new http::EventStream(
        exchange->takeResponder(), exchange->headers(), m_options.heartbeat, &m_hub);
    auto *feed = new SessionEventFeed(*stream, m_store, m_agents, m_links, session, after);
    // However the stream goes (closed, or with the hub when stopping) it gives its place back;
    // its child the feed still exists when it announces that.
    QObject::connect(
        stream, &QObject::destroyed, feed, [quota = m_streams, sessionId = session.id, address] {
            quota->release(sessionId, address);
        });
    m_activity.touch(session.id);
    m_fanOut.addCustomerStream(session.id, stream, feed);
    stream->send(QByteArrayLiteral("status"), m_fanOut.customerStatus(session));
    feed->start();
}

} // namespace frontline
