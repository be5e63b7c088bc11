// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatservice.h"

#include "assistant/assistant.h"
#include "core/logging.h"
#include "domain/customertexts.h"
#include "domain/domainerror.h"
#include "domain/replymarker.h"
#include "domain/usagekey.h"
#include "live/livehub.h"
#include "pendinganswer.h"
#include "security/tokens.h"
#include "store/storeerror.h"
#include "store/storeerrormapping.h"

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

QString cleanLocale(const QString &locale)
{
    static const QRegularExpression tag(QStringLiteral("^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"));
    if (locale.isEmpty())
        return QStringLiteral("en");
    if (!tag.match(locale).hasMatch())
        throw DomainError::invalidInput(QStringLiteral("locale"),
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
        throw DomainError::invalidInput(field, clean.error);
    if (clean.text.contains(QLatin1Char('\n')))
        throw DomainError::invalidInput(
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
}

QString ChatService::userKey(const ChatSession &session)
{
    return customerUsageKey(session.id, session.userId);
}

QString ChatService::addressKey(const ChatSession &session)
{
    return session.userId.isEmpty() && !session.clientIp.isEmpty()
        ? addressUsageKey(session.clientIp)
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
        throw DomainError::invalidInput(QStringLiteral("email"),
            QCoreApplication::translate("ChatService", "is not an e-mail address."));
    draft.locale = cleanLocale(request.locale);
    draft.clientIp = request.clientIp;
    // Shown to agents as it is: nothing in it may reorder or hide what they read.
    draft.userAgent = Sanitizer::singleLine(request.userAgent, 500);

    if (!request.userId.isEmpty() || !request.userHash.isEmpty() || request.userHashExpires) {
        if (request.userId.isEmpty() || request.userHash.isEmpty())
            throw DomainError::invalidInput(
                request.userId.isEmpty() ? QStringLiteral("userId") : QStringLiteral("userHash"),
                QCoreApplication::translate("ChatService", "userId and userHash go together."));
        switch (m_identity.verify(request.userId, request.userHash, request.userHashExpires)) {
        case IdentityVerifier::Result::Verified:
            break;
        case IdentityVerifier::Result::NoSecret:
            throw DomainError::unauthorized(QCoreApplication::translate("ChatService",
                "This server cannot verify users: it has no identity secret "
                "(FRONTLINE_IDENTITY_SECRET). Create the session without userId."));
        case IdentityVerifier::Result::WrongHash:
            throw DomainError::unauthorized(QCoreApplication::translate("ChatService",
                "userHash does not match userId: sign the user id with the server's identity "
                "secret (hex HMAC-SHA256), or the user id, a line break and userHashExpires when "
                "sending an expiry."));
        case IdentityVerifier::Result::Expired:
            throw DomainError::unauthorized(QCoreApplication::translate("ChatService",
                "userHashExpires has passed: sign a new expiry for this user when the page "
                "loads."));
        case IdentityVerifier::Result::ExpiryRequired:
            throw DomainError::unauthorized(QCoreApplication::translate("ChatService",
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
    welcome.content = customertexts::welcome(created.session.locale);
    created.messages.append(store(welcome, std::nullopt));
    created.session = m_store.session(created.session.id).value_or(created.session);
    Q_EMIT m_hub.sessionChanged(created.session);
    return created;
}

ChatSession ChatService::authenticate(const QString &sessionId, const QString &token)
{
    const auto refuse = [] {
        return DomainError::unauthorized(QCoreApplication::translate("ChatService",
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
    std::function<void(const DomainError &)> failed)
{
    if (session.status == SessionStatus::Closed)
        throw DomainError::sessionClosed();
    // Refused in the customer's language: the chat page shows the sentence as it is.
    const SanitizedText clean = m_sanitizer.clean(text,
        customertexts::isFrench(session.locale) ? QStringLiteral("fr") : QStringLiteral("en"));
    if (!clean.ok)
        throw DomainError::refusedText(QStringLiteral("message"), clean.error);

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
                    self->m_store.messageByClientId(
                        session.id, replyMarker(appended.message.id)) });
                return;
            }
            Q_EMIT self->m_hub.messageAdded(appended.message);
            if (session.status != SessionStatus::Active) {
                done({ appended.message, std::nullopt }); // a human owns it or was asked for
                return;
            }
            self->askAssistant(session, appended.message, done);
        } catch (const DomainError &error) {
            failed(error);
        } catch (const StoreError &error) {
            failed(toDomainError(error));
        }
    };
    m_store.appendMessageGrouped(message,
        UsageCharge { userKey(session), UsageDelta { .messagesSent = 1 } }, stored,
        [failed](const StoreError &error) { failed(toDomainError(error)); });
}

void ChatService::askAssistant(const ChatSession &session, const ChatMessage &question,
    std::function<void(const PostedMessage &)> done)
{
    if (assistantLimitReached(session)) {
        done({ question,
            handToHuman(
                session, customertexts::assistantLimitReached(session.locale), &question) });
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
    auto *answer = new PendingAnswer(*this, session, question, m_policy.replyWait, std::move(done));
    connect(answer, &PendingAnswer::finished, answer, &QObject::deleteLater);
    answer->start(request);
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
        message.clientMessageId = replyMarker(question->id);
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
    return readHistoryPage(m_store, session.id, afterSeq, std::clamp(limit, 1, MaxHistoryLimit));
}

HistoryPage readHistoryPage(Store &store, const QString &sessionId, qint64 afterSeq, int limit)
{
    // One more than asked tells whether more follow.
    HistoryPage page;
    page.messages = store.messagesAfter(sessionId, afterSeq, limit + 1);
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
    return PostedMessage { *stored,
        m_store.messageByClientId(session.id, replyMarker(stored->id)) };
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
        throw DomainError::unauthorized(QCoreApplication::translate("ChatService",
            "This stream ticket is unknown, already used or expired (a ticket opens one stream "
            "within 60 seconds): get a new one from POST /api/chat/events/ticket for each "
            "connection."));
    return *session;
}

ChatSession ChatService::requestHuman(const ChatSession &session)
{
    if (session.status == SessionStatus::Closed)
        throw DomainError::sessionClosed();
    if (session.status != SessionStatus::Active)
        return session; // already waiting for, or talking with, a human
    handToHuman(session, customertexts::handoffRequested(session.locale), nullptr);
    return m_store.session(session.id).value_or(session);
}

} // namespace frontline
