// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "security/identityverifier.h"
#include "security/sanitizer.h"
#include "store/store.h"

#include <QObject>

#include <chrono>
#include <functional>
#include <optional>

namespace frontline {

class Assistant;
class DomainError;
struct AssistantAnswer;
class LiveHub;

// How much the assistant may do for one customer.
struct AssistantPolicy
{
    std::chrono::milliseconds replyWait {
        10000
    }; // a message's answer within its request, or later
    int maxRepliesPerSession = 50;
    qint64 maxTokensPerUserPerDay = 50000;
    // Anonymous customers' tokens also count for their address: a new session does not
    // start a new budget.
    qint64 maxTokensPerAddressPerDay = 200000;
};

struct NewSessionRequest
{
    QString name;
    QString email;
    QString locale;
    QString userId;
    QString userHash;
    std::optional<qint64> userHashExpires; // Unix seconds, signed with the user id
    QString clientIp;
    QString userAgent;
};

struct CreatedSession
{
    ChatSession session;
    QString token; // given once; only its hash is stored
    QList<ChatMessage> messages; // the welcome message
};

struct PostedMessage
{
    ChatMessage userMessage;
    std::optional<ChatMessage> reply; // the assistant's answer, when it came within the request
};

// What opens one event stream where EventSource cannot send the session token.
struct StreamTicket
{
    QString ticket; // given once; only its hash is stored
    std::chrono::seconds lifetime;
};

struct HistoryPage
{
    QList<ChatMessage> messages;
    bool hasMore = false;
};

// The session's messages with seq > afterSeq, at most `limit`, and whether more follow: what
// a customer's history and an agent's view of the conversation both read.
HistoryPage readHistoryPage(Store &store, const QString &sessionId, qint64 afterSeq, int limit);

// The customer's side of a conversation, independent of HTTP: sessions, messages, history,
// asking for a human. Runs on the backend thread. Failures a client can fix are thrown as
// DomainError; database failures as StoreError.
class ChatService final : public QObject
{
    Q_OBJECT
public:
    ChatService(Store &store, LiveHub &hub, Assistant &assistant, Sanitizer sanitizer,
        IdentityVerifier identity, AssistantPolicy policy = {}, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ChatService)

    CreatedSession createSession(const NewSessionRequest &request);
    // The session whose token this is; throws DomainError Unauthorized otherwise.
    ChatSession authenticate(const QString &sessionId, const QString &token);
    // Stores the customer's message (group-committed with the others of the moment), then
    // asks the assistant when it is the one answering this session. Exactly one of `done`
    // and `failed` is called, after this returns; a refusal of the text itself throws.
    void postMessage(const ChatSession &session, const QString &text,
        const QString &clientMessageId, std::function<void(const PostedMessage &)> done,
        std::function<void(const DomainError &)> failed);
    // The message already stored under this client id, with the answer it had: a retry is
    // answered from the store. Nothing for an empty id or one not seen in this session.
    std::optional<PostedMessage> earlierPost(
        const ChatSession &session, const QString &clientMessageId);
    HistoryPage history(const ChatSession &session, qint64 afterSeq, int limit);
    // A ticket for one event stream of the session, used within its lifetime.
    StreamTicket newStreamTicket(const ChatSession &session);
    // The session a stream ticket opens; the ticket is then used up, on every node. Throws
    // DomainError Unauthorized for an unknown, used or expired ticket.
    ChatSession takeStreamTicket(const QString &sessionId, const QString &ticket);
    // The customer asks for a human: the session waits for an agent, the assistant stops.
    ChatSession requestHuman(const ChatSession &session);

    // The verified user id when the host site vouched for one, else "session:<id>".
    static QString userKey(const ChatSession &session);
    // "address:<ip>" for an anonymous customer's session, whose spend also counts there;
    // empty for a verified user (their own key already spans sessions) or without an address.
    static QString addressKey(const ChatSession &session);
    // What storing an assistant's answer costs the customer (and their address).
    static UsageCharge answerCharge(const ChatSession &session, const AssistantAnswer &answer);

private:
    friend class PendingAnswer; // follows one question to its answer on the service's behalf

    // Asks the assistant through a PendingAnswer, unless the assistant's budget is spent.
    void askAssistant(const ChatSession &session, const ChatMessage &question,
        std::function<void(const PostedMessage &)> done);
    // The assistant's budget for this session and user is spent.
    bool assistantLimitReached(const ChatSession &session);
    // A human takes over: the session waits, and the customer is told why with `notice`,
    // which answers `question` when given.
    std::optional<ChatMessage> handToHuman(
        const ChatSession &session, const QString &notice, const ChatMessage *question);
    ChatMessage store(const NewMessage &message, const std::optional<UsageCharge> &charge);
    // The assistant's answer to an acknowledged question could not be written (`error`): it
    // is written again later, with growing pauses, for as long as the database refuses it for
    // its own reasons (disk full, timeout, outage) and the session is still the assistant's.
    void storeAnswerLater(const ChatSession &session, const NewMessage &message,
        const AssistantAnswer &answer, const StoreError &error, int attempt);

    Store &m_store;
    LiveHub &m_hub;
    Assistant &m_assistant;
    Sanitizer m_sanitizer;
    IdentityVerifier m_identity;
    AssistantPolicy m_policy;
};

} // namespace frontline
