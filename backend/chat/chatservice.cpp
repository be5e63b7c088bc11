// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatservice.h"

#include "api/apierror.h"
#include "assistant/assistant.h"
#include "chattexts.h"
#include "core/logging.h"
#include "live/livehub.h"
#include "security/tokens.h"
#include "store/storeerror.h"

#include <QCoreApplication>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>
#include <QUuid>

namespace frontline {

namespace {

constexpr int MaxNameLength = 200;
constexpr int MaxEmailLength = 320;
constexpr int AssistantContextMessages = 20;
constexpr int MaxHistoryLimit = 200;
// How long a stream ticket may wait to be used: enough for the request that follows it.
constexpr std::chrono::seconds StreamTicketLifetime { 60 };

// The assistant's reply to a message carries this client id, so a message is answered at
// most once (the store keeps client ids unique per session), whoever asks twice.
QString replyMarker(const ChatMessage &question)
{
    return QStringLiteral("reply-to:") + question.id;
}

QString cleanLocale(const QString &locale)
{
    static const QRegularExpression tag(QStringLiteral("^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"));
    if (locale.isEmpty())
        return QStringLiteral("en");
    if (!tag.match(locale).hasMatch())
        throw ApiError::invalidRequest(QStringLiteral("locale"),
            QCoreApplication::translate(
                "ChatService", "use a language tag such as \"fr\" or \"en-GB\"."));
    return locale.left(2).toLower() + locale.mid(2).replace(QLatin1Char('_'), QLatin1Char('-'));
}

// A short one-line field (name, e-mail): cleaned like a message, with its own length.
QString cleanField(const QString &field, const QString &value, int maxLength)
{
    if (value.isEmpty())
        return {};
    const SanitizedText clean = Sanitizer({ 1, maxLength }).clean(value);
    if (!clean.ok)
        throw ApiError::invalidRequest(field, clean.error);
    if (clean.text.contains(QLatin1Char('\n')))
        throw ApiError::invalidRequest(
            field, QCoreApplication::translate("ChatService", "must be a single line."));
    return clean.text;
}

} // namespace

ChatService::ChatService(Store &store, LiveHub &hub, Assistant &assistant, Sanitizer sanitizer,
    IdentityVerifier identity, AssistantPolicy policy, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hub(hub)
    , m_assistant(assistant)
    , m_sanitizer(sanitizer)
    , m_identity(std::move(identity))
    , m_policy(policy)
{
    // Other nodes' takeovers come through the same signal (the cluster bridge).
    connect(&m_hub, &LiveHub::sessionChanged, this, [this](const ChatSession &session) {
        if (session.status == SessionStatus::Active)
            return;
        for (auto it = m_answering.find(session.id);
             it != m_answering.end() && it.key() == session.id; ++it)
            *it.value() = true;
    });
}

QString ChatService::userKey(const ChatSession &session)
{
    return session.userId.isEmpty() ? QStringLiteral("session:") + session.id
                                    : QStringLiteral("user:") + session.userId;
}

QString ChatService::addressKey(const ChatSession &session)
{
    return session.userId.isEmpty() && !session.clientIp.isEmpty()
        ? QStringLiteral("address:") + session.clientIp
        : QString();
}

UsageCharge ChatService::answerCharge(const ChatSession &session, const AssistantAnswer &answer)
{
    // An anonymous customer's tokens also count for the address, so a new session does not
    // reset the day's cap.
    return UsageCharge { userKey(session),
        UsageDelta {
            .assistantReplies = 1, .tokensIn = answer.tokensIn, .tokensOut = answer.tokensOut },
        addressKey(session) };
}

CreatedSession ChatService::createSession(const NewSessionRequest &request)
{
    ChatSession draft;
    draft.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    draft.customerName = cleanField(QStringLiteral("name"), request.name, MaxNameLength);
    draft.customerEmail = cleanField(QStringLiteral("email"), request.email, MaxEmailLength);
    if (!draft.customerEmail.isEmpty() && !draft.customerEmail.contains(QLatin1Char('@')))
        throw ApiError::invalidRequest(QStringLiteral("email"),
            QCoreApplication::translate("ChatService", "is not an e-mail address."));
    draft.locale = cleanLocale(request.locale);
    draft.clientIp = request.clientIp;
    // Shown to agents as it is: nothing in it may reorder or hide what they read.
    draft.userAgent = Sanitizer::singleLine(request.userAgent, 500);

    if (!request.userId.isEmpty() || !request.userHash.isEmpty() || request.userHashExpires) {
        if (request.userId.isEmpty() || request.userHash.isEmpty())
            throw ApiError::invalidRequest(
                request.userId.isEmpty() ? QStringLiteral("userId") : QStringLiteral("userHash"),
                QCoreApplication::translate("ChatService", "userId and userHash go together."));
        switch (m_identity.verify(request.userId, request.userHash, request.userHashExpires)) {
        case IdentityVerifier::Result::Verified:
            break;
        case IdentityVerifier::Result::NoSecret:
            throw ApiError::unauthorized(QCoreApplication::translate("ChatService",
                "This server cannot verify users: it has no identity secret "
                "(FRONTLINE_IDENTITY_SECRET). Create the session without userId."));
        case IdentityVerifier::Result::WrongHash:
            throw ApiError::unauthorized(QCoreApplication::translate("ChatService",
                "userHash does not match userId: sign the user id with the server's identity "
                "secret (hex HMAC-SHA256), or the user id, a line break and userHashExpires when "
                "sending an expiry."));
        case IdentityVerifier::Result::Expired:
            throw ApiError::unauthorized(QCoreApplication::translate("ChatService",
                "userHashExpires has passed: sign a new expiry for this user when the page "
                "loads."));
        case IdentityVerifier::Result::ExpiryRequired:
            throw ApiError::unauthorized(QCoreApplication::translate("ChatService",
                "This server accepts only signatures that expire: send userHashExpires (Unix "
                "seconds) and userHash over the user id, a line break and userHashExpires."));
        }
        draft.userId = request.userId;
    }

    CreatedSession created;
    created.token = tokens::newToken();
    draft.tokenHash = tokens::hashToken(created.token);
    created.session = m_store.createSession(
        draft, UsageCharge { userKey(draft), UsageDelta { .sessions = 1 } });

    NewMessage welcome;
    welcome.sessionId = created.session.id;
    welcome.role = Role::Assistant;
    welcome.content = chattexts::welcome(created.session.locale);
    created.messages.append(store(welcome, std::nullopt));
    created.session = m_store.session(created.session.id).value_or(created.session);
    Q_EMIT m_hub.sessionChanged(created.session);
    return created;
}

ChatSession ChatService::authenticate(const QString &sessionId, const QString &token)
{
    const auto refuse = [] {
        return ApiError::unauthorized(QCoreApplication::translate("ChatService",
            "Missing or wrong session token: send the sessionToken from create-session as "
            "\"Authorization: Bearer <token>\"."));
    };
    if (sessionId.isEmpty() || token.isEmpty() || sessionId.size() > 100)
        throw refuse();
    const std::optional<ChatSession> session = m_store.session(sessionId);
    // Same answer for an unknown session and a wrong token: ids reveal nothing.
    if (!session
        || !tokens::constantTimeEquals(
            session->tokenHash.toLatin1(), tokens::hashToken(token).toLatin1()))
        throw refuse();
    return *session;
}

void ChatService::postMessage(const ChatSession &session, const QString &text,
    const QString &clientMessageId, std::function<void(const PostedMessage &)> done,
    std::function<void(const ApiError &)> failed)
{
    if (session.status == SessionStatus::Closed)
        throw ApiError::sessionClosed();
    const SanitizedText clean = m_sanitizer.clean(text);
    if (!clean.ok)
        throw ApiError::invalidRequest(QStringLiteral("message"), clean.error);

    NewMessage message;
    message.sessionId = session.id;
    message.role = Role::User;
    message.content = clean.text;
    message.sanitized = clean.changed;
    message.clientMessageId = clientMessageId;
    QPointer<ChatService> self(this);
    const auto stored = [self, session, done, failed](const AppendResult &appended) {
        if (!self)
            return;
        // Runs from the event loop once the message is committed: nothing may escape.
        try {
            if (appended.duplicate) {
                // A retry: the stored message and whatever answer it already got, nothing new.
                done({ appended.message,
                    self->m_store.messageByClientId(session.id, replyMarker(appended.message)) });
                return;
            }
            Q_EMIT self->m_hub.messageAdded(appended.message);
            if (session.status != SessionStatus::Active) {
                done({ appended.message, std::nullopt }); // a human owns it or was asked for
                return;
            }
            self->askAssistant(session, appended.message, done);
        } catch (const ApiError &error) {
            failed(error);
        } catch (const StoreError &error) {
            failed(ApiError::fromStoreError(error));
        }
    };
    m_store.appendMessageGrouped(message,
        UsageCharge { userKey(session), UsageDelta { .messagesSent = 1 } }, stored,
        [failed](const StoreError &error) { failed(ApiError::fromStoreError(error)); });
}

void ChatService::askAssistant(const ChatSession &session, const ChatMessage &question,
    std::function<void(const PostedMessage &)> done)
{
    if (assistantLimitReached(session)) {
        done({ question,
            handToHuman(session, chattexts::assistantLimitReached(session.locale), &question) });
        return;
    }
    AssistantRequest request;
    request.session = session;
    if (m_assistant.readsHistory()) {
        const qint64 from = std::max<qint64>(0, question.seq - AssistantContextMessages);
        request.history = m_store.messagesAfter(session.id, from, AssistantContextMessages);
    } else {
        request.history = { question };
    }

    // The customer's request gets the answer if it comes within the wait, else `null` and
    // the answer later through events and history; `done` runs once either way.
    auto answered = std::make_shared<bool>(false);
    const auto answerOnce = [answered, done](const PostedMessage &posted) {
        if (*answered)
            return;
        *answered = true;
        done(posted);
    };
    QPointer<ChatService> self(this);
    const auto silenced = std::make_shared<bool>(false);
    m_answering.insert(session.id, silenced);
    auto checked = std::make_shared<bool>(false);
    AssistantCallbacks callbacks;
    callbacks.delta = [self, session, question, silenced, checked](const QString &text) {
        if (!self || *silenced)
            return;
        if (!*checked) {
            // A takeover committed after this question was stored but before the assistant
            // was asked came before the flag existed: the first piece looks once.
            *checked = true;
            try {
                const auto current = self->m_store.session(session.id);
                *silenced = !current || current->status != SessionStatus::Active;
            } catch (const StoreError &error) {
                qCWarning(lcBackend, "Cannot read the session of a streamed answer: %s",
                    qUtf8Printable(error.message()));
                *silenced = true;
            }
            if (*silenced)
                return;
        }
        Q_EMIT self->m_hub.assistantDelta(session.id, question.seq, text);
    };
    callbacks.done
        = [self, session, question, answerOnce, silenced](const AssistantAnswer &answer) {
              if (!self)
                  return;
              self->m_answering.remove(session.id, silenced);
              std::optional<ChatMessage> reply;
              NewMessage message;
              message.sessionId = session.id;
              message.role = Role::Assistant;
              message.content = answer.text;
              message.clientMessageId = replyMarker(question);
              try {
                  // An agent may have taken the session over while the assistant was thinking
                  // (even if it gave it back since): then the answer is dropped, whatever the
                  // assistant said.
                  const auto current = *silenced ? std::nullopt : self->m_store.session(session.id);
                  if (!current || current->status != SessionStatus::Active) {
                      answerOnce({ question, std::nullopt });
                      return;
                  }
                  if (answer.ok) {
                      // Group-committed with the other answers of the moment; the customer's
                      // request is answered once it is durable.
                      self->m_store.appendMessageGrouped(
                          message, answerCharge(session, answer),
                          [self, question, answerOnce](const AppendResult &appended) {
                              if (self && !appended.duplicate)
                                  Q_EMIT self->m_hub.messageAdded(appended.message);
                              answerOnce({ question, appended.message });
                          },
                          [self, session, message, answer, question, answerOnce](
                              const StoreError &error) {
                              // The question was acknowledged: its answer is kept and written
                              // once the database takes writes again (the customer's request
                              // is answered now; the answer comes through events and history).
                              answerOnce({ question, std::nullopt });
                              if (self)
                                  self->storeAnswerLater(session, message, answer, error, 0);
                          });
                      return;
                  } else {
                      qCWarning(lcBackend, "The assistant failed for session %s: %s (%s)",
                          qUtf8Printable(session.id),
                          qUtf8Printable(assistantFailureName(answer.failure)),
                          qUtf8Printable(answer.detail));
                      reply = self->handToHuman(
                          *current, chattexts::assistantUnavailable(session.locale), &question);
                  }
              } catch (const StoreError &error) {
                  // The session could not be read (an outage): the answer is kept and written
                  // later. A failed hand-over to a human is only logged: the customer's question is
                  // stored, and asking again (or for a human) works once the database is back.
                  if (answer.ok)
                      self->storeAnswerLater(session, message, answer, error, 0);
                  else
                      qCWarning(lcBackend, "Cannot hand session %s to a human: %s",
                          qUtf8Printable(session.id), qUtf8Printable(error.message()));
              }
              answerOnce({ question, reply });
          };
    auto assistantDone = std::make_shared<bool>(false);
    const auto onDone = std::move(callbacks.done);
    callbacks.done = [assistantDone, onDone](const AssistantAnswer &answer) {
        *assistantDone = true;
        onDone(answer);
    };
    m_assistant.answer(request, std::move(callbacks));
    if (!*answered && !*assistantDone) // the mock answers at once; a provider may take its time
        QTimer::singleShot(m_policy.replyWait, this, [answerOnce, question] {
            answerOnce({ question, std::nullopt });
        });
}

namespace {

// How long to wait before writing a kept answer again: 0.5 s, doubling, at most 30 s.
std::chrono::milliseconds retryDelay(int attempt)
{
    return std::chrono::milliseconds(std::min<qint64>(500LL << std::min(attempt, 6), 30000));
}

bool isWorthRetrying(const StoreError &error)
{
    return error.kind() == StoreError::Kind::Unavailable || error.kind() == StoreError::Kind::Busy;
}

} // namespace

void ChatService::storeAnswerLater(const ChatSession &session, const NewMessage &message,
    const AssistantAnswer &answer, const StoreError &error, int attempt)
{
    if (!isWorthRetrying(error)) {
        qCWarning(lcBackend, "Cannot store the assistant's answer in session %s: %s",
            qUtf8Printable(session.id), qUtf8Printable(error.message()));
        return;
    }
    if (attempt == 0)
        qCWarning(lcBackend,
            "Cannot store the assistant's answer in session %s yet; trying again until the "
            "database takes it: %s",
            qUtf8Printable(session.id), qUtf8Printable(error.message()));
    QTimer::singleShot(retryDelay(attempt), this, [this, session, message, answer, attempt] {
        try {
            // An agent who took the session over meanwhile answers instead (as when the
            // assistant is late); the reply marker makes a second write of it a no-op.
            const auto current = m_store.session(session.id);
            if (!current || current->status != SessionStatus::Active)
                return;
            const AppendResult appended
                = m_store.appendMessage(message, answerCharge(session, answer));
            if (!appended.duplicate)
                Q_EMIT m_hub.messageAdded(appended.message);
            qCInfo(lcBackend, "Stored the assistant's answer in session %s after %d retries",
                qUtf8Printable(session.id), attempt + 1);
        } catch (const StoreError &again) {
            storeAnswerLater(session, message, answer, again, attempt + 1);
        }
    });
}

bool ChatService::assistantLimitReached(const ChatSession &session)
{
    if (m_store.countMessages(session.id, Role::Assistant) > m_policy.maxRepliesPerSession)
        return true; // the welcome message is the first, hence ">"
    const QDate today = QDateTime::currentDateTimeUtc().date();
    if (m_store.dailyTokens(userKey(session), today) >= m_policy.maxTokensPerUserPerDay)
        return true;
    const QString address = addressKey(session);
    return !address.isEmpty()
        && m_store.dailyTokens(address, today) >= m_policy.maxTokensPerAddressPerDay;
}

std::optional<ChatMessage> ChatService::handToHuman(
    const ChatSession &session, const QString &notice, const ChatMessage *question)
{
    m_store.setSessionStatus(session.id, SessionStatus::Waiting, QString());
    NewMessage message;
    message.sessionId = session.id;
    message.role = Role::System;
    message.content = notice;
    if (question)
        message.clientMessageId = replyMarker(*question);
    const ChatMessage stored = store(message, std::nullopt);
    if (const auto waiting = m_store.session(session.id))
        Q_EMIT m_hub.sessionChanged(*waiting);
    return stored;
}

ChatMessage ChatService::store(const NewMessage &message, const std::optional<UsageCharge> &charge)
{
    const AppendResult appended = m_store.appendMessage(message, charge);
    if (!appended.duplicate)
        Q_EMIT m_hub.messageAdded(appended.message);
    return appended.message;
}

HistoryPage ChatService::history(const ChatSession &session, qint64 afterSeq, int limit)
{
    limit = std::clamp(limit, 1, MaxHistoryLimit);
    HistoryPage page;
    page.messages = m_store.messagesAfter(session.id, afterSeq, limit + 1);
    page.hasMore = page.messages.size() > limit;
    if (page.hasMore)
        page.messages.removeLast();
    return page;
}

std::optional<PostedMessage> ChatService::earlierPost(
    const ChatSession &session, const QString &clientMessageId)
{
    if (clientMessageId.isEmpty())
        return std::nullopt;
    const auto stored = m_store.messageByClientId(session.id, clientMessageId);
    if (!stored)
        return std::nullopt;
    return PostedMessage { *stored, m_store.messageByClientId(session.id, replyMarker(*stored)) };
}

StreamTicket ChatService::newStreamTicket(const ChatSession &session)
{
    const QString ticket = tokens::newToken();
    m_store.addStreamTicket(tokens::hashToken(ticket), session.id, StreamTicketLifetime);
    return { ticket, StreamTicketLifetime };
}

ChatSession ChatService::takeStreamTicket(const QString &sessionId, const QString &ticket)
{
    // Taking the ticket deletes it in the shared database: it opens one stream, on one node.
    const std::optional<ChatSession> session
        = sessionId.size() <= 100 ? m_store.session(sessionId) : std::nullopt;
    if (!session || ticket.size() > 100
        || !m_store.takeStreamTicket(tokens::hashToken(ticket), session->id))
        throw ApiError::unauthorized(QCoreApplication::translate("ChatService",
            "This stream ticket is unknown, already used or expired (a ticket opens one stream "
            "within 60 seconds): get a new one from POST /api/chat/events/ticket for each "
            "connection."));
    return *session;
}

ChatSession ChatService::requestHuman(const ChatSession &session)
{
    if (session.status == SessionStatus::Closed)
        throw ApiError::sessionClosed();
    if (session.status != SessionStatus::Active)
        return session; // already waiting for, or talking with, a human
    handToHuman(session, chattexts::handoffRequested(session.locale), nullptr);
    return m_store.session(session.id).value_or(session);
}

} // namespace frontline
