// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/prechatform.h"
#include "security/identityverifier.h"
#include "security/sanitizer.h"
#include "store/store.h"
#include "store/storeworkers.h"

#include <QObject>

#include <chrono>
#include <functional>
#include <optional>

namespace frontline {

class Assistant;
class DomainError;
struct AssistantAnswer;
class LiveHub;
class SessionCache;
class TeamAvailability;
struct Availability;

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
    bool consent = false; // the pre-chat form's consent box was ticked
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
    bool retry = false; // the clientMessageId was stored before: nothing new was stored
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
// a customer's history (withNotes false: the agents' notes left out) and an agent's view of
// the conversation (with them) both read.
HistoryPage readHistoryPage(
    Store &store, const QString &sessionId, qint64 afterSeq, int limit, bool withNotes);

// The customer's side of a conversation, independent of HTTP: sessions, messages, history,
// asking for a human. Runs on the backend thread; its store work runs on the store workers,
// and each call answers through `done` or `failed` (the exception: a DomainError for what a
// client can fix, a StoreError for the database), possibly before it returns when memory
// already knows the answer. What is wrong with the request itself is thrown at once.
class ChatService final : public QObject
{
    Q_OBJECT
public:
    // `availability` says whether a human can answer now, which what a customer asking for one
    // is told depends on.
    ChatService(StoreWorkers &store, SessionCache &sessions, LiveHub &hub, Assistant &assistant,
        const TeamAvailability &availability, Sanitizer sanitizer, IdentityVerifier identity,
        AssistantPolicy policy = {}, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ChatService)

    // The pre-chat form as the settings say (RuntimeSettings::preChatChanged): what
    // createSession requires.
    void setPreChatForm(const PreChatForm &form) { m_preChat = form; }
    // A refusal of the request (a field the pre-chat form requires is missing, an e-mail
    // address that is not one...) is thrown at once.
    void createSession(const NewSessionRequest &request,
        std::function<void(const CreatedSession &)> done, StoreFailure failed);
    // The session whose token this is; DomainError Unauthorized otherwise. From memory for a
    // session this node knows.
    void authenticate(const QString &sessionId, const QString &token,
        std::function<void(const ChatSession &)> done, StoreFailure failed);
    // Stores the customer's message (group-committed with the others of the moment), then
    // asks the assistant when it is the one answering this session. `done` or `failed` is
    // called after this returns; a refusal of the text itself throws. The text may be empty
    // when the message carries attachments (the session's, AttachmentDesk::resolve).
    void postMessage(const ChatSession &session, const QString &text,
        const QString &clientMessageId, const QList<Attachment> &attachments,
        std::function<void(const PostedMessage &)> done, StoreFailure failed);
    // The message already stored under this client id, with the answer it had: a retry is
    // answered from the store. Nothing for one not seen in this session.
    void earlierPost(const ChatSession &session, const QString &clientMessageId,
        std::function<void(const std::optional<PostedMessage> &)> done, StoreFailure failed);
    // Nothing is read when the session's last seq says nothing is newer.
    void history(const ChatSession &session, qint64 afterSeq, int limit,
        std::function<void(const HistoryPage &)> done, StoreFailure failed);
    // A ticket for one event stream of the session, used within its lifetime.
    void newStreamTicket(const ChatSession &session, std::function<void(const StreamTicket &)> done,
        StoreFailure failed);
    // The session a stream ticket opens; the ticket is then used up, on every node.
    // DomainError Unauthorized for an unknown, used or expired ticket.
    void takeStreamTicket(const QString &sessionId, const QString &ticket,
        std::function<void(const ChatSession &)> done, StoreFailure failed);
    // The customer asks for a human: the session waits for an agent, and the assistant stops
    // unless nobody can answer now (then it goes on helping until an agent takes it). `done`
    // gets the session and the team's availability the customer was told of.
    void requestHuman(const ChatSession &session,
        std::function<void(const ChatSession &, const Availability &)> done, StoreFailure failed);
    // How to reach the customer, given after the session began: the e-mail address (DomainError
    // InvalidInput "email" for one that is not, thrown at once) and the name unless empty (made
    // one line, without control characters). `done` gets the session as it is now.
    void setContact(const ChatSession &session, const QString &email, const QString &name,
        std::function<void(const ChatSession &)> done, StoreFailure failed);

    // The customer is typing: announced to the agents here and (a cluster event) on the other
    // nodes. Nothing is stored; nothing is answered.
    void typing(const ChatSession &session);
    // The customer's page has shown the messages up to `seq`: stored if it is more than what
    // was seen before (a lower one changes nothing) and announced to agents. DomainError
    // InvalidInput "seq" for a seq beyond the session's last message, thrown at once.
    void markSeen(
        const ChatSession &session, qint64 seq, std::function<void()> done, StoreFailure failed);

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
    void askAssistant(const ChatSession &session, const AppendResult &question,
        std::function<void(const PostedMessage &)> done, StoreFailure failed);
    // What the question's append says of the session's replies and its payers' day.
    bool assistantLimitReached(const ChatSession &session, const AppendResult &question) const;
    // A human takes over: the session waits, and the customer is told why with `notice`,
    // filed as the answer to `question` when given. The session keeps whether anyone could
    // answer (`availability`, that the notice was written from). `done` gets the notice.
    void handToHuman(const ChatSession &session, WaitingReason reason,
        const Availability &availability, const QString &notice,
        const std::optional<ChatMessage> &question, std::function<void(const ChatMessage &)> done,
        StoreFailure failed);
    // The assistant's answer to an acknowledged question could not be written (`error`): it
    // is written again later, with growing pauses, for as long as the database refuses it for
    // its own reasons (disk full, timeout, outage) and the session is still the assistant's.
    void storeAnswerLater(const ChatSession &session, const NewMessage &message,
        const AssistantAnswer &answer, const StoreError &error, int attempt);
    // The session as this node knows it now: `session` itself when it is not in memory.
    ChatSession current(const ChatSession &session);

    StoreWorkers &m_store;
    SessionCache &m_sessions;
    LiveHub &m_hub;
    Assistant &m_assistant;
    const TeamAvailability &m_availability;
    Sanitizer m_sanitizer;
    IdentityVerifier m_identity;
    AssistantPolicy m_policy;
    PreChatForm m_preChat;
};

} // namespace frontline
