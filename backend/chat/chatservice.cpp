// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatservice.h"

#include "assistant/assistant.h"
#include "core/logging.h"
#include "domain/customertexts.h"
#include "domain/domainerror.h"
#include "domain/mailaddress.h"
#include "domain/replymarker.h"
#include "domain/usagekey.h"
#include "live/livehub.h"
#include "pendinganswer.h"
#include "security/tokens.h"
#include "sessioncache.h"
#include "store/storeerror.h"
#include "store/storeerrormapping.h"
#include "teamavailability.h"

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
constexpr int AssistantKnowledgePassages = 4; // the best passages a grounded answer is given
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

// The refusal of an e-mail address, in create-session and contact alike: in the customer's
// language, as the chat page shows it next to the field.
DomainError notAnAddress(const QString &locale)
{
    return DomainError::refusedText(
        QStringLiteral("email"), customertexts::notAnEmailAddress(locale));
}

} // namespace

ChatService::ChatService(StoreWorkers &store, SessionCache &sessions, LiveHub &hub,
    Assistant &assistant, const TeamAvailability &availability, Sanitizer sanitizer,
    IdentityVerifier identity, AssistantPolicy policy, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_sessions(sessions)
    , m_hub(hub)
    , m_assistant(assistant)
    , m_availability(availability)
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

void ChatService::createSession(const NewSessionRequest &request,
    std::function<void(const CreatedSession &)> done, StoreFailure failed)
{
    ChatSession draft;
    draft.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    draft.customerName = cleanField(QStringLiteral("name"), request.name, MaxNameLength);
    draft.customerEmail = cleanField(QStringLiteral("email"), request.email, MaxEmailLength);
    // The address may be written into a mail header and given to a mail server: one rule.
    if (!draft.customerEmail.isEmpty() && !isMailAddress(draft.customerEmail))
        throw notAnAddress(draft.locale);
    // What the pre-chat form requires, whether the page showed it or not.
    if (m_preChat.nameRequired() && draft.customerName.isEmpty())
        throw DomainError::invalidInput(QStringLiteral("name"),
            QCoreApplication::translate("ChatService", "is required: give your name."));
    if (m_preChat.emailRequired() && draft.customerEmail.isEmpty())
        throw DomainError::invalidInput(QStringLiteral("email"),
            QCoreApplication::translate("ChatService", "is required: give your e-mail address."));
    if (m_preChat.consentRequired() && !request.consent)
        throw DomainError::invalidInput(QStringLiteral("consent"),
            QCoreApplication::translate(
                "ChatService", "is required: tick the box to accept, then start the chat."));
    // Kept only for a box the form shows: a consent to nothing shown means nothing.
    if (request.consent && m_preChat.enabled && m_preChat.consent)
        draft.consentedAt = QDateTime::currentDateTimeUtc(); // the store's clock sets it
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

    const QString token = tokens::newToken();
    draft.tokenHash = tokens::hashToken(token);
    const UsageCharge charge { userKey(draft), UsageDelta { .sessions = 1 } };
    m_store.write(
        this,
        [draft, charge](Store &store) {
            CreatedSession created;
            created.session = store.createSession(draft, charge);
            NewMessage welcome;
            welcome.sessionId = created.session.id;
            welcome.role = Role::Assistant;
            welcome.content = customertexts::welcome(created.session.locale);
            created.messages.append(store.appendMessage(welcome).message);
            created.session = store.session(created.session.id).value_or(created.session);
            return created;
        },
        [this, token, done](CreatedSession created) {
            created.token = token;
            m_sessions.remember(created.session);
            for (const ChatMessage &message : std::as_const(created.messages))
                Q_EMIT m_hub.messageAdded(message);
            Q_EMIT m_hub.sessionChanged(created.session);
            done(created);
        },
        std::move(failed));
}

namespace {

DomainError wrongSessionToken()
{
    return DomainError::unauthorized(QCoreApplication::translate("ChatService",
        "Missing or wrong session token: send the sessionToken from create-session as "
        "\"Authorization: Bearer <token>\"."));
}

} // namespace

void ChatService::authenticate(const QString &sessionId, const QString &token,
    std::function<void(const ChatSession &)> done, StoreFailure failed)
{
    if (sessionId.isEmpty() || token.isEmpty() || sessionId.size() > 100)
        throw wrongSessionToken();
    const QByteArray tokenHash = tokens::hashToken(token).toLatin1();
    // Same answer for an unknown session and a wrong token: ids reveal nothing.
    const auto check = [tokenHash](const std::optional<ChatSession> &session) {
        if (!session || !tokens::constantTimeEquals(session->tokenHash.toLatin1(), tokenHash))
            throw wrongSessionToken();
        return *session;
    };
    if (const auto known = m_sessions.find(sessionId)) {
        done(check(known));
        return;
    }
    m_store.read(
        this, [sessionId](Store &store) { return store.session(sessionId); },
        [this, check, done](const std::optional<ChatSession> &session) {
            if (session)
                m_sessions.remember(*session);
            done(check(session));
        },
        std::move(failed));
}

ChatSession ChatService::current(const ChatSession &session)
{
    return m_sessions.find(session.id).value_or(session);
}

void ChatService::typing(const ChatSession &session)
{
    Q_EMIT m_hub.typing(session.id, QString(), QString());
    m_store.write(
        this, [id = session.id](Store &store) { store.announceTyping(id, QString()); }, [] {},
        [id = session.id](const std::exception_ptr &error) {
            try {
                std::rethrow_exception(error);
            } catch (const StoreError &refused) {
                qCInfo(lcBackend, "Cannot tell the other nodes of typing in session %s: %s",
                    qUtf8Printable(id), qUtf8Printable(refused.message()));
            } catch (...) {
            }
        });
}

void ChatService::markSeen(
    const ChatSession &session, qint64 seq, std::function<void()> done, StoreFailure failed)
{
    const ChatSession now = current(session);
    if (seq > now.lastSeq)
        throw DomainError::invalidInput(QStringLiteral("seq"),
            QCoreApplication::translate("ChatService",
                "is beyond the conversation's last message (%1): send the seq of a message "
                "the page has shown.")
                .arg(now.lastSeq));
    if (seq <= now.customerSeenSeq) {
        done(); // seen already: nothing changes
        return;
    }
    m_store.write(
        this, [id = session.id, seq](Store &store) { return store.markCustomerSeen(id, seq); },
        [this, id = session.id, seq, done = std::move(done)](bool changed) {
            if (changed)
                Q_EMIT m_hub.customerSeen(id, seq);
            done();
        },
        std::move(failed));
}

void ChatService::postMessage(const ChatSession &session, const QString &text,
    const QString &clientMessageId, const QList<Attachment> &attachments,
    std::function<void(const PostedMessage &)> done, StoreFailure failed)
{
    if (session.status == SessionStatus::Closed)
        throw DomainError::sessionClosed();
    // Refused in the customer's language: the chat page shows the sentence as it is. A file
    // sent alone needs no words.
    SanitizedText clean;
    clean.ok = true;
    if (!text.trimmed().isEmpty() || attachments.isEmpty())
        clean = m_sanitizer.clean(text,
            customertexts::isFrench(session.locale) ? QStringLiteral("fr") : QStringLiteral("en"));
    if (!clean.ok)
        throw DomainError::refusedText(QStringLiteral("message"), clean.error);

    AppendRequest append;
    append.message.sessionId = session.id;
    append.message.role = Role::User;
    append.message.content = clean.text;
    append.message.sanitized = clean.changed;
    append.message.clientMessageId = clientMessageId;
    append.message.attachments = attachments;
    // The address is named so that the append says how its day stands (nothing is added to
    // it: a question costs no tokens).
    append.charge
        = UsageCharge { userKey(session), UsageDelta { .messagesSent = 1 }, addressKey(session) };
    m_store.append(
        this, std::move(append),
        [this, session, done, failed](const AppendResult &appended) {
            if (appended.duplicate) {
                // A retry: the stored message and whatever answer it already got, nothing new.
                const ChatMessage question = appended.message;
                m_store.read(
                    this,
                    [question](Store &store) {
                        return store.messageByClientId(
                            question.sessionId, replyMarker(question.id));
                    },
                    [question, done](const std::optional<ChatMessage> &reply) {
                        done({ question, reply, true });
                    },
                    failed);
                return;
            }
            Q_EMIT m_hub.messageAdded(appended.message);
            // The status as the session stood when the message was numbered, under its row's
            // lock; whether nobody could answer as this node last heard (a hand-off here, or
            // through the cluster bridge), which only hand-offs and takeovers change.
            if (!assistantAnswers(appended.sessionStatus, current(session).unattended)) {
                done({ appended.message, std::nullopt }); // a human owns it or was asked for
                return;
            }
            askAssistant(session, appended, done, failed);
        },
        failed);
}

void ChatService::askAssistant(const ChatSession &session, const AppendResult &appended,
    std::function<void(const PostedMessage &)> done, StoreFailure failed)
{
    const ChatMessage question = appended.message;
    if (assistantLimitReached(session, appended)) {
        handToHuman(
            session, WaitingReason::AssistantLimit, m_availability.now(),
            customertexts::assistantLimitReached(session.locale), question,
            [question, done](const ChatMessage &notice) {
                done({ question, notice });
            },
            failed);
        return;
    }
    // The history (when the assistant reads it) and, when the team has a knowledge base, the
    // passages that best answer the question, in one read.
    struct Context
    {
        QList<ChatMessage> history;
        bool grounded = false;
        QList<KnowledgePassage> passages;
    };
    const auto ask = [this, session, question, done](const Context &context) {
        AssistantRequest request;
        request.session = session;
        request.history = context.history;
        request.grounded = context.grounded;
        request.passages = context.passages;
        auto *answer = new PendingAnswer(*this, session, question, m_policy.replyWait, done);
        connect(answer, &PendingAnswer::finished, answer, &QObject::deleteLater);
        answer->start(request);
    };
    m_store.read(
        this,
        [question, locale = session.locale, readsHistory = m_assistant.readsHistory(),
            match = m_assistant.knowledgeMatch()](Store &store) {
            Context context;
            if (readsHistory) {
                const qint64 from = std::max<qint64>(0, question.seq - AssistantContextMessages);
                context.history
                    = store.messagesAfter(question.sessionId, from, AssistantContextMessages);
                // Agents' notes are theirs alone: the assistant is never told them.
                context.history.removeIf([](const ChatMessage &m) { return m.role == Role::Note; });
            } else {
                context.history = { question };
            }
            if (store.knowledgeArticleCount() > 0) {
                context.grounded = true;
                context.passages = store.searchKnowledge(
                    question.content, locale, AssistantKnowledgePassages, match);
            }
            return context;
        },
        ask, failed);
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
        // An agent who took the session over meanwhile answers instead (as when the
        // assistant is late); the reply marker makes a second write of it a no-op.
        if (!assistantAnswers(current(session)))
            return;
        m_store.append(
            this, { message, answerCharge(session, answer) },
            [this, session, attempt](const AppendResult &appended) {
                if (!appended.duplicate)
                    Q_EMIT m_hub.messageAdded(appended.message);
                qCInfo(lcBackend, "Stored the assistant's answer in session %s after %d retries",
                    qUtf8Printable(session.id), attempt + 1);
            },
            [this, session, message, answer, attempt](const std::exception_ptr &failure) {
                storeAnswerLater(session, message, answer, storeErrorOf(failure), attempt + 1);
            });
    });
}

bool ChatService::assistantLimitReached(
    const ChatSession &session, const AppendResult &question) const
{
    if (question.assistantMessages > m_policy.maxRepliesPerSession)
        return true; // the welcome message is the first, hence ">"
    if (question.dailyTokens >= m_policy.maxTokensPerUserPerDay)
        return true;
    return !addressKey(session).isEmpty()
        && question.alsoDailyTokens >= m_policy.maxTokensPerAddressPerDay;
}

void ChatService::handToHuman(const ChatSession &session, WaitingReason reason,
    const Availability &availability, const QString &notice,
    const std::optional<ChatMessage> &question, std::function<void(const ChatMessage &)> done,
    StoreFailure failed)
{
    NewMessage message;
    message.sessionId = session.id;
    message.role = Role::System;
    message.content = notice;
    if (question)
        message.clientMessageId = replyMarker(question->id);
    struct HandedOver
    {
        AppendResult notice;
        std::optional<ChatSession> session;
    };
    m_store.write(
        this,
        [message, reason, unattended = availability.unattended()](Store &store) {
            store.startWaiting(message.sessionId, reason, unattended);
            HandedOver handed { store.appendMessage(message), std::nullopt };
            handed.session = store.session(message.sessionId);
            return handed;
        },
        [this, done](const HandedOver &handed) {
            if (!handed.notice.duplicate)
                Q_EMIT m_hub.messageAdded(handed.notice.message);
            if (handed.session)
                Q_EMIT m_hub.sessionChanged(*handed.session);
            done(handed.notice.message);
        },
        std::move(failed));
}

void ChatService::history(const ChatSession &session, qint64 afterSeq, int limit,
    std::function<void(const HistoryPage &)> done, StoreFailure failed)
{
    // A poll that has everything already (the usual one) costs no query.
    if (afterSeq >= current(session).lastSeq) {
        done(HistoryPage {});
        return;
    }
    const int pageSize = std::clamp(limit, 1, MaxHistoryLimit);
    m_store.read(
        this,
        [id = session.id, afterSeq, pageSize](
            Store &store) { return readHistoryPage(store, id, afterSeq, pageSize, false); },
        std::move(done), std::move(failed));
}

HistoryPage readHistoryPage(
    Store &store, const QString &sessionId, qint64 afterSeq, int limit, bool withNotes)
{
    // One more than asked tells whether more follow. The customer's page is read without the
    // notes (rather than filtered afterwards), so that a page is never cut short by them and
    // the next "after" (the last seq the customer got) never reads the same notes again.
    HistoryPage page;
    page.messages = withNotes ? store.messagesAfter(sessionId, afterSeq, limit + 1)
                              : store.customerMessagesAfter(sessionId, afterSeq, limit + 1);
    page.hasMore = page.messages.size() > limit;
    if (page.hasMore)
        page.messages.removeLast();
    return page;
}

void ChatService::earlierPost(const ChatSession &session, const QString &clientMessageId,
    std::function<void(const std::optional<PostedMessage> &)> done, StoreFailure failed)
{
    if (clientMessageId.isEmpty()) {
        done(std::nullopt);
        return;
    }
    m_store.read(
        this,
        [id = session.id, clientMessageId](Store &store) -> std::optional<PostedMessage> {
            const auto stored = store.messageByClientId(id, clientMessageId);
            if (!stored)
                return std::nullopt;
            return PostedMessage { *stored, store.messageByClientId(id, replyMarker(stored->id)),
                true };
        },
        std::move(done), std::move(failed));
}

void ChatService::newStreamTicket(
    const ChatSession &session, std::function<void(const StreamTicket &)> done, StoreFailure failed)
{
    const QString ticket = tokens::newToken();
    m_store.write(
        this,
        [hash = tokens::hashToken(ticket), id = session.id](
            Store &store) { store.addStreamTicket(hash, id, StreamTicketLifetime); },
        [ticket, done] {
            done({ ticket, StreamTicketLifetime });
        },
        std::move(failed));
}

void ChatService::takeStreamTicket(const QString &sessionId, const QString &ticket,
    std::function<void(const ChatSession &)> done, StoreFailure failed)
{
    const auto refuse = [] {
        return DomainError::unauthorized(QCoreApplication::translate("ChatService",
            "This stream ticket is unknown, already used or expired (a ticket opens one stream "
            "within 60 seconds): get a new one from POST /api/chat/events/ticket for each "
            "connection."));
    };
    if (sessionId.size() > 100 || ticket.size() > 100)
        throw refuse();
    // Taking the ticket deletes it in the shared database: it opens one stream, on one node.
    m_store.write(
        this,
        [sessionId, hash = tokens::hashToken(ticket), refuse](Store &store) {
            const std::optional<ChatSession> session = store.session(sessionId);
            if (!session || !store.takeStreamTicket(hash, session->id))
                throw refuse();
            return *session;
        },
        [this, done](const ChatSession &session) {
            m_sessions.remember(session);
            done(current(session));
        },
        std::move(failed));
}

void ChatService::requestHuman(const ChatSession &session,
    std::function<void(const ChatSession &, const Availability &)> done, StoreFailure failed)
{
    if (session.status == SessionStatus::Closed)
        throw DomainError::sessionClosed();
    // Said as it is: an agent will join, or when the team is back, or that nobody is there.
    const Availability now = m_availability.now();
    if (session.status != SessionStatus::Active) {
        done(session, now); // already waiting for, or talking with, a human
        return;
    }
    const QString notice = now.humanNow() ? customertexts::handoffRequested(session.locale)
        : !now.withinHours                ? customertexts::handoffOutsideHours(
                             session.locale, now.nextOpening.value_or(QDateTime()), now.timeZone)
                           : customertexts::handoffNobodyOnline(session.locale);
    handToHuman(
        session, WaitingReason::CustomerAsked, now, notice, std::nullopt,
        [this, session, now, done](const ChatMessage &) { done(current(session), now); },
        std::move(failed));
}

void ChatService::setContact(const ChatSession &session, const QString &email, const QString &name,
    std::function<void(const ChatSession &)> done, StoreFailure failed)
{
    const QString address = email.trimmed();
    if (!isMailAddress(address))
        throw notAnAddress(session.locale);
    // It may head an e-mail and is shown to agents: one line, nothing that hides or reorders.
    const QString cleanName = Sanitizer::singleLine(name, MaxNameLength);
    m_store.write(
        this,
        [id = session.id, address, cleanName](
            Store &store) { return store.setCustomerContact(id, address, cleanName); },
        [this, done](const std::optional<ChatSession> &changed) {
            if (!changed)
                throw wrongSessionToken(); // deleted meanwhile: as for an unknown session
            m_sessions.remember(*changed);
            Q_EMIT m_hub.sessionChanged(*changed);
            done(*changed);
        },
        std::move(failed));
}

} // namespace frontline
