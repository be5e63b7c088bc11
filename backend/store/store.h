// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/agent.h"
#include "domain/attachment.h"
#include "domain/auditentry.h"
#include "domain/autoassignment.h"
#include "domain/cannedresponse.h"
#include "domain/chatmessage.h"
#include "domain/chatsession.h"
#include "domain/knowledge.h"
#include "domain/label.h"
#include "domain/outboxmail.h"
#include "domain/presence.h"
#include "domain/ratelimithit.h"
#include "domain/searchtext.h"
#include "domain/usagestats.h"
#include "security/ratelimitledger.h"
#include "storeerror.h"

#include <QHash>
#include <QList>
#include <QMap>

#include <chrono>
#include <optional>

namespace frontline {

struct SessionFilter
{
    std::optional<SessionStatus> status;
    QString assignedAgent; // empty = any
    // Words that one of the session's messages holds, all of them, whatever their case and
    // accents (full text, migration 0023: searchtext::words, stop words left out unless there
    // is nothing else, each word a prefix of its stem); the best matching sessions first.
    // Empty = any; a search without a letter or a digit ("***") matches nothing.
    QString search;
    QString label; // the name of a label it carries (whatever its case); empty = any
    int limit = 50;
    int offset = 0;
};

// The message of a session that best matches a search, and a snippet of it with the words
// highlighted.
struct SessionMatch
{
    QString messageId;
    qint64 seq = 0;
    searchtext::Snippet snippet;
};

// One line of an agent's session list: the session, its newest message, and how many of the
// customer's messages the agent has not read; with a search, its best matching message.
struct SessionOverview
{
    ChatSession session;
    std::optional<ChatMessage> lastMessage;
    qint64 unread = 0;
    std::optional<SessionMatch> match;
};

// Counters to add to one user's usage stats in the same transaction as a write.
struct UsageCharge
{
    QString userKey;
    UsageDelta delta;
    // Another key whose day the charge's tokens also count for (an anonymous customer's
    // address, so that a new session does not reset the daily cap); empty: none.
    QString alsoDailyTokensOf;
};

// What an append stored, and what the caller needs next, read in the same transaction (on
// PostgreSQL in the same statement), so that no query has to follow it.
struct AppendResult
{
    ChatMessage message;
    bool duplicate = false; // the clientMessageId was already stored: `message` is that one
    // The session as it stands once this message is in (for a duplicate: as it stands now).
    SessionStatus sessionStatus = SessionStatus::Active;
    QString assignedAgent; // empty: none
    qint64 assistantMessages = 0; // its messages of role Assistant, this one included
    // Tokens so far of the UTC day of the append's time (the message's time, unless it is a
    // duplicate), this append's charge included (a duplicate's is not applied): of
    // charge->userKey (0 without a charge) and of charge->alsoDailyTokensOf (0 when that is
    // empty). What dailyTokens() says of that day in the append's transaction.
    qint64 dailyTokens = 0;
    qint64 alsoDailyTokens = 0;
};

// One message to append, and what it costs.
struct AppendRequest
{
    NewMessage message;
    std::optional<UsageCharge> charge;
};

// What became of one append of a group: stored (or found stored), or refused.
struct AppendOutcome
{
    std::optional<AppendResult> result;
    std::optional<StoreError> error;
};

// What giving the queue out did (Store::assignQueue).
struct QueueAssignment
{
    QList<ChatSession> assigned; // as they are now
    qsizetype stillWaiting = 0; // in the queue still: nobody available could take them
};

// What a presence write did to the agent's presence, as every node sees it.
struct PresenceChange
{
    Presence before = Presence::Offline;
    Presence after = Presence::Offline;
    bool changed() const { return before != after; }
};

// A change of a label: what is given changes.
struct LabelChange
{
    std::optional<QString> name;
    std::optional<QString> colour;
};

// What changing or removing a label did: the label as it is now (as it was, when removed), and
// the sessions that carry (carried) it, as they are now, to be announced.
struct LabelEdit
{
    Label label;
    QList<ChatSession> sessions;
};

// A customer's earlier conversations (Store::pastConversations).
struct PastConversations
{
    QList<PastConversation> conversations; // newest first
    qint64 total = 0; // how many there are, beyond the limit too
};

// What Store::addAttachment did with an upload.
struct SavedAttachment
{
    std::optional<Attachment> attachment; // stored now, or earlier under the same client id
    bool earlier = false; // the session already held the upload's client id: nothing stored
    qint64 quotaUsed = 0; // the session's attachments' bytes before it (when over its quota)
    bool overQuota() const { return !attachment; }
};

// A session whose customer left with agents' replies they have not seen nor been mailed
// (Store::repliesToMail): the session and those replies, oldest first.
struct RepliesToMail
{
    ChatSession session;
    QList<ChatMessage> replies;
};

// What Store::closeSession did.
struct ClosedSession
{
    bool closed = false; // false: no such session
    std::optional<OutboxMail> copy; // the operator's copy, queued with the close
};

// Everything Frontline keeps. One implementation (SqlStore) serves SQLite and PostgreSQL.
//
// Contract:
// - Each call is atomic: it commits before returning, or throws StoreError and changes
//   nothing.
// - A Store belongs to the thread that opened it (QSqlDatabase connections cannot move);
//   other threads open their own.
// - Times are UTC with millisecond precision; what is read back equals what was written.
class Store
{
public:
    virtual ~Store() = default;

    virtual QString dialectName() const = 0; // "sqlite" or "postgresql"
    virtual int schemaVersion() = 0;
    // Runs a trivial query, reconnecting once if the connection was lost.
    virtual bool isHealthy() = 0;
    // The last write failed because of the database (disk full, I/O error, lost connection),
    // or a statement timed out, and no write has succeeded since. Asks nothing of the database.
    virtual bool writesFailing() const = 0;

    // Sessions. `session.id` and `session.tokenHash` are chosen by the caller; times are set
    // by the store (consentedAt, when valid, is the creation's time: the consent came with it). The
    // charge (e.g. sessions + 1) is applied in the same transaction.
    virtual ChatSession createSession(
        const ChatSession &session, const std::optional<UsageCharge> &charge = {})
        = 0;
    virtual std::optional<ChatSession> session(const QString &id) = 0;
    // Newest activity first.
    virtual QList<ChatSession> sessions(const SessionFilter &filter) = 0;
    // The same sessions, each with what lastMessage() and unreadCount(reader, ...) say of it,
    // read in one query (an agent's session list).
    virtual QList<SessionOverview> sessionOverviews(
        const SessionFilter &filter, const QString &reader)
        = 0;
    // Any status but Waiting (startWaiting); the session leaves the queue. Returns false
    // when no such session exists.
    virtual bool setSessionStatus(
        const QString &id, SessionStatus status, const QString &assignedAgent)
        = 0;
    // Puts the session in the queue for a human, saying why, and whether anyone could answer
    // now (that one is said anew each time). A session waiting already keeps the time it
    // started to wait and its reason. False when it does not exist or is closed.
    virtual bool startWaiting(const QString &id, WaitingReason reason, Unattended unattended) = 0;
    // How to reach the customer, as they gave it after the session began (POST
    // /api/chat/contact): the e-mail address, and the name unless it is empty. The session as it
    // is now ("session" cluster event), or nothing for no such session.
    virtual std::optional<ChatSession> setCustomerContact(
        const QString &id, const QString &email, const QString &name)
        = 0;
    // Atomically gives the session to `agent` unless another agent owns it or it is closed;
    // true when `agent` owns it afterwards. Of concurrent claims exactly one wins.
    virtual bool claimSession(const QString &id, const QString &agent) = 0;
    // Gives the session back to the assistant if `agent` owns it; true when it did.
    virtual bool releaseSession(const QString &id, const QString &agent) = 0;
    // Gives the session to the agent `to`, or back to the queue (WAITING, `Transferred`) when
    // `to` is empty, if its owner is still `from` (empty: nobody) and it is not closed; true
    // when it did. Of a transfer racing a claim or another transfer, on any node, one wins.
    virtual bool transferSession(const QString &id, const QString &from, const QString &to) = 0;
    // How many sessions each agent owns now (ASSIGNED), by username; agents with none are left
    // out.
    virtual QHash<QString, qint64> openConversations() = 0;

    // Auto-assignment (chat/autoassigner.h), each in one write transaction, one node at a time:
    // gives the queue's sessions to `agents` (their `open` is counted here) as
    // planAssignments() says, audited as `session.autoassign` by `actor`.
    virtual QueueAssignment assignQueue(const QList<AssignableAgent> &agents, const QString &actor)
        = 0;
    // Sessions auto-assigned at or before `before` whose agent has not answered since go back
    // to the queue (WaitingReason::Unanswered), that agent noted so that the next one is
    // offered them; audited as `session.unanswered`. Returns them as they are now.
    virtual QList<ChatSession> returnUnanswered(const QDateTime &before, const QString &actor) = 0;

    // Messages. Appending assigns the next sequence number of the session. A message whose
    // clientMessageId is already stored for that session is not stored again: the stored
    // one comes back with duplicate = true and the charge is not applied.
    // Throws StoreError(NotFound) when the session does not exist.
    virtual AppendResult appendMessage(
        const NewMessage &message, const std::optional<UsageCharge> &charge = {})
        = 0;
    // Appends each message as appendMessage() does, all in one transaction and one disk sync
    // (a group commit): one outcome per request, in order. A message refused for its own sake
    // (no such session, no longer the owner...) fails alone; if the transaction cannot be
    // committed, every one fails and nothing of them is stored (a large group may be split in
    // several transactions, each of which holds or fails as a whole). Here: one by one.
    virtual QList<AppendOutcome> appendMessages(const QList<AppendRequest> &requests)
    {
        QList<AppendOutcome> outcomes;
        for (const AppendRequest &request : requests) {
            try {
                outcomes.append({ appendMessage(request.message, request.charge), std::nullopt });
            } catch (const StoreError &error) {
                outcomes.append({ std::nullopt, error });
            }
        }
        return outcomes;
    }
    // Messages with seq > afterSeq, oldest first, at most `limit`.
    virtual QList<ChatMessage> messagesAfter(const QString &sessionId, qint64 afterSeq, int limit)
        = 0;
    // The same without the agents' notes (Role::Note): what the customer and the assistant see.
    virtual QList<ChatMessage> customerMessagesAfter(
        const QString &sessionId, qint64 afterSeq, int limit)
        = 0;
    virtual std::optional<ChatMessage> messageByClientId(
        const QString &sessionId, const QString &clientMessageId)
        = 0;

    // The customer's page has shown the session's messages up to `seq`: stored as its
    // customerSeenSeq, which only grows and never passes its last seq. True (and a "seen"
    // cluster event) when it changed; false for a lower or equal seq, or no such session.
    virtual bool markCustomerSeen(const QString &sessionId, qint64 seq) = 0;
    // Tells the other nodes that someone types in the session (the customer when `agent` is
    // empty): a "typing" cluster event and nothing else, since nothing of typing is stored. On
    // SQLite (one node), nothing at all.
    virtual void announceTyping(const QString &sessionId, const QString &agent) = 0;

    virtual qint64 countMessages(const QString &sessionId, Role role) = 0;
    virtual std::optional<ChatMessage> lastMessage(const QString &sessionId) = 0;

    // How far `agent` has read a session (it never goes back), and what is left unread of
    // the customer's messages.
    virtual void markRead(const QString &agent, const QString &sessionId, qint64 seq) = 0;
    virtual qint64 unreadCount(const QString &agent, const QString &sessionId) = 0;

    // Usage stats per user key. Tokens in a charge also count for the user's day (UTC).
    virtual void addUsage(const UsageCharge &charge) = 0;
    virtual std::optional<UsageStats> usage(const QString &userKey) = 0;
    virtual qint64 dailyTokens(const QString &userKey, QDate day) = 0;

    // Rate-limit hits, one row per key, route and second, newest first when listed. Adds each
    // hit's count to the row of its key, route and second (made if needed; it keeps the time
    // of its first hit, now unless the hit has one) and applies the charges, in one
    // transaction. Returns the rows as stored, with their ids and counts, in the order given.
    virtual QList<RateLimitHit> recordRateLimitHits(
        const QList<RateLimitHit> &hits, const QList<UsageCharge> &charges = {})
        = 0;
    virtual QList<RateLimitHit> rateLimitHits(const RateLimitHitFilter &filter) = 0;
    virtual std::optional<RateLimitHit> rateLimitHit(qint64 id) = 0;
    // Deletes the rows whose first hit is before `before`; returns how many.
    virtual qint64 deleteRateLimitHitsBefore(const QDateTime &before) = 0;
    // Hits (not rows) per minute in [from, to), oldest first; minutes without hits are left out.
    virtual QList<std::pair<QDateTime, qint64>> rateLimitHitsPerMinute(
        const QDateTime &from, const QDateTime &to)
        = 0;

    // The rate limits' logs that every node on this database shares (PostgreSQL), on this
    // store's connection. Throws StoreError(Failed) where the database keeps none (SQLite: one
    // node, whose limits are kept in its memory).
    virtual RateLimitLedger &sharedRateLimitLedger() = 0;

    // Agents. Throws StoreError(Conflict) for a username already taken.
    virtual Agent addAgent(const Agent &agent) = 0;
    virtual bool removeAgent(const QString &username) = 0;
    virtual QList<Agent> agents() = 0;
    virtual std::optional<Agent> agentByUsername(const QString &username) = 0;
    virtual std::optional<Agent> agentByTokenHash(const QString &tokenHash) = 0;
    // Another token for an agent (a password sign-in); throws StoreError(Conflict) for an
    // unknown agent.
    virtual void addAgentToken(const QString &username, const QString &tokenHash) = 0;
    // Sets the password and ends every sign-in of the agent (its tokens from POST
    // /api/agent/login) but `keptTokenHash`'s, the console that changed it, in one
    // transaction; false for an unknown agent.
    virtual bool setAgentPassword(const QString &username, const QString &passwordHash,
        const QString &keptTokenHash = QString())
        = 0;
    // The name customers see of the agent, announced to the other nodes; false for an unknown
    // agent.
    virtual bool setAgentDisplayName(const QString &username, const QString &displayName) = 0;
    // The agent of a sign-in token (not of an API token) and when the token was last used,
    // however long ago: the caller knows the lifetime.
    virtual std::optional<std::pair<Agent, QDateTime>> agentBySignInToken(const QString &tokenHash)
        = 0;
    // A sign-in token was used now (its lifetime starts again).
    virtual void touchAgentToken(const QString &tokenHash) = 0;
    // Ends one sign-in; false when there was no such token.
    virtual bool removeAgentToken(const QString &tokenHash) = 0;

    // Presence (migration 0015): each node's count of every agent's open event streams, and
    // whether the agent said they are away. A row that its node has not renewed within
    // `lifetime` counts for nothing (the node died); an agent with no row left is offline.
    // Each change announces the agent to the other nodes ("presence" event) when it changes
    // what the agent is.
    //
    // This node, `node`, has `streams` of the agent's event streams open (0: none, its row
    // goes). A new row takes the agent's away as it is on other nodes.
    virtual PresenceChange setPresenceStreams(const QString &node, const QString &username,
        int streams, std::chrono::milliseconds lifetime)
        = 0;
    // The agent is away, or back, on every node where they are connected; nothing for an agent
    // connected nowhere (they stay offline).
    virtual PresenceChange setPresenceAway(
        const QString &username, bool away, std::chrono::milliseconds lifetime)
        = 0;
    // Renews this node's rows, as `streams` (by username) says they are, and forgets the rows
    // no node renewed within `lifetime`: the agents of those, as they are now.
    virtual QHash<QString, Presence> renewPresence(
        const QString &node, const QHash<QString, int> &streams, std::chrono::milliseconds lifetime)
        = 0;
    virtual Presence presence(const QString &username, std::chrono::milliseconds lifetime) = 0;
    // The agents connected somewhere (Online or Away), by username.
    virtual QHash<QString, Presence> presences(std::chrono::milliseconds lifetime) = 0;

    // Labels (migration 0019), in the order of their names whatever the case. Every change is
    // audited by `actor` in its transaction and announced to the other nodes: a "labels" event
    // for the list, a "session" event for each session whose labels it changed.
    virtual QList<Label> labels() = 0;
    virtual std::optional<Label> label(qint64 id) = 0;
    // The name's key is labelKey(name); throws StoreError(Conflict) when another label has it.
    virtual Label addLabel(const QString &name, const QString &colour, const QString &actor) = 0;
    // Nothing for no such label; StoreError(Conflict) for a name another label has.
    virtual std::optional<LabelEdit> changeLabel(
        qint64 id, const LabelChange &change, const QString &actor)
        = 0;
    // Takes the label off every session and deletes it; nothing for no such label.
    virtual std::optional<LabelEdit> removeLabel(qint64 id, const QString &actor) = 0;
    // The session carries exactly these labels (by id) afterwards; the session as it is now, or
    // nothing for no such session. StoreError(Conflict) for a label deleted meanwhile.
    virtual std::optional<ChatSession> setSessionLabels(
        const QString &sessionId, const QList<qint64> &labelIds, const QString &actor)
        = 0;

    // The earlier conversations of the customer of `session`: of its verified user when it has
    // one, else of its e-mail address (whatever the case); `limit` at most, newest first.
    virtual PastConversations pastConversations(const ChatSession &session, int limit) = 0;

    // Canned responses every console shares (migration 0018), by shortcut. Each change is
    // audited (`audit`, whose target becomes the response's id) in its own transaction and
    // announced to the other nodes ("canned" event). Adding or changing throws
    // StoreError(Conflict) for a shortcut another response has; times and id are the store's.
    virtual QList<CannedResponse> cannedResponses() = 0;
    virtual std::optional<CannedResponse> cannedResponse(qint64 id) = 0;
    virtual CannedResponse addCannedResponse(
        const CannedResponse &response, const AuditEntry &audit)
        = 0;
    // Its shortcut, title, body and updatedBy; nullopt when no response has its id.
    virtual std::optional<CannedResponse> updateCannedResponse(
        const CannedResponse &response, const AuditEntry &audit)
        = 0;
    virtual bool removeCannedResponse(qint64 id, const AuditEntry &audit) = 0;

    // Knowledge base (migration 0022). Each change is audited (`audit`, whose target becomes the
    // article's id) in its transaction, re-splits the article's passages, and is announced to the
    // other nodes ("knowledge" cluster event). Times and id are the store's; updatedBy the
    // caller's.
    virtual QList<KnowledgeArticle> knowledgeArticles() = 0; // by title, whatever the case
    virtual std::optional<KnowledgeArticle> knowledgeArticle(qint64 id) = 0;
    virtual KnowledgeArticle addKnowledgeArticle(
        const KnowledgeArticle &article, const AuditEntry &audit)
        = 0;
    // Its title, body, url, locale and updatedBy; nullopt when no article has its id.
    virtual std::optional<KnowledgeArticle> updateKnowledgeArticle(
        const KnowledgeArticle &article, const AuditEntry &audit)
        = 0;
    virtual bool removeKnowledgeArticle(qint64 id, const AuditEntry &audit) = 0;
    virtual qint64 knowledgeArticleCount() = 0;
    // An article's passages in order (with their score 0).
    virtual QList<KnowledgePassage> knowledgePassages(qint64 articleId) = 0;
    // The passages that best answer `question`, best first, at most `limit`, by the question's
    // meaningful words (stop words dropped, at most 12), by their stems, accent- and
    // case-insensitive; none for a question of stop words only. `locale` ("fr"/"en"/""):
    // articles of that language or of none come first, then the passages holding more of the
    // words, then by rank (BM25, ts_rank). `match`:
    // - Broad: every passage holding any of the words;
    // - Strict: only those holding at least half (rounded up) of the words the knowledge base
    //   knows, i.e. that some passage of `locale` (or of no language; any passage when `locale`
    //   is empty, or when no word is known there) holds: a word no article uses ("octobre" in
    //   "où trouver ma facture d'octobre ?") cannot make a question unanswerable. One indexed
    //   query per word finds them.
    // Never throws for any text (FTS syntax is words).
    virtual QList<KnowledgePassage> searchKnowledge(
        const QString &question, const QString &locale, int limit, KnowledgeMatch match)
        = 0;
    // Unanswered questions: recorded by the chat layer, listed newest first (not dismissed),
    // dismissed by an administrator (audited). A repeat of the same question (folded) in the
    // same session is not recorded twice: the first one comes back. Throws
    // StoreError(NotFound) for no such session.
    virtual UnansweredQuestion recordUnansweredQuestion(
        const QString &sessionId, const QString &question, const QString &locale)
        = 0;
    virtual QList<UnansweredQuestion> unansweredQuestions(int limit) = 0;
    virtual bool dismissUnansweredQuestion(qint64 id, const AuditEntry &audit) = 0;
    // The question of that id while it waits (not dismissed); nullopt once dismissed or when
    // none has it. Recording and dismissing announce it to the other nodes ("unanswered"
    // cluster event, its id as subject).
    virtual std::optional<UnansweredQuestion> unansweredQuestion(qint64 id) = 0;

    // Audit log, newest first when listed.
    virtual qint64 appendAudit(const AuditEntry &entry) = 0;
    virtual QList<AuditEntry> auditEntries(int limit, int offset) = 0;

    // Settings shared by every node using this database.
    virtual std::optional<QString> setting(const QString &key) = 0;
    virtual void setSetting(const QString &key, const QString &value) = 0;
    virtual QMap<QString, QString> settings() = 0;

    // Attachments (migration 0020). Stores an upload unless the session holds one with its
    // client id already (that one comes back, `earlier`), or its bytes would take the session's
    // attachments over `sessionQuotaBytes` (nothing stored, no attachment). Throws
    // StoreError(NotFound) for no such session.
    virtual SavedAttachment addAttachment(const NewAttachment &upload, qint64 sessionQuotaBytes)
        = 0;
    // Those of `ids` that belong to the session (a message's, to check them), in no order.
    virtual QList<Attachment> sessionAttachments(const QString &sessionId, const QStringList &ids)
        = 0;
    // Every file of the session, oldest first (without their bytes).
    virtual QList<Attachment> attachmentsOfSession(const QString &sessionId) = 0;
    // The file, or its thumbnail (nothing for an attachment without one), to serve it.
    virtual std::optional<AttachmentContent> attachmentContent(const QString &id, bool thumbnail)
        = 0;
    // The secret named `name` that every node of this database shares: `candidate` if no node
    // had made it yet, else the one made first.
    virtual QString sharedSecret(const QString &name, const QString &candidate) = 0;

    // The e-mail outbox (migration 0021). Queues `mail` with `messageId` (the Message-ID, made
    // by the caller) in one write transaction and leaves a "mail" cluster event. A Reply is
    // queued only if the session's mailed_through_seq is below mail.lastSeq, and raises it to
    // that: the same replies are never queued twice, whichever node looks. The row as stored,
    // or nullopt when a Reply was held back so. Throws StoreError(NotFound) for no such session.
    virtual std::optional<OutboxMail> queueMail(const NewMail &mail, const QString &messageId) = 0;
    // The session's e-mails, oldest first.
    virtual QList<OutboxMail> mailsOfSession(const QString &sessionId) = 0;
    // One row of the outbox, or nullopt (e.g. gone with its session).
    virtual std::optional<OutboxMail> mail(qint64 id) = 0;
    // The rows `filter` asks for, newest first.
    virtual QList<OutboxMail> mails(const MailFilter &filter) = 0;
    // Claims for `node` up to `limit` rows that are due: 'queued' with next_attempt_at passed,
    // or 'sending' whose claim (claimed_until) has run out, the claimer having died or hung.
    // Each becomes 'sending', claimed by `node` until now + `lease`, its attempts counted one
    // more; oldest due first. On PostgreSQL the rows are locked with SKIP LOCKED, so that two
    // nodes claiming at once never claim the same row. Each claim leaves a "mail" cluster
    // event. The rows as claimed.
    virtual QList<OutboxMail> claimDueMails(
        const QString &node, int limit, std::chrono::milliseconds lease)
        = 0;
    // Records `outcome` of the row `node` claimed: only if it is still 'sending' and claimed
    // by `node` (a claim that ran out and was taken by another node is theirs now). Leaves a
    // "mail" cluster event. The row as it now stands, or nullopt when it was not `node`'s.
    virtual std::optional<OutboxMail> finishMail(
        qint64 id, const QString &node, const MailOutcome &outcome)
        = 0;
    // SQLite only (one node): at start, the rows a process that died mid-send left 'sending'
    // are queued again at once rather than when their claim runs out. How many.
    virtual int releaseClaims() = 0;
    // A 'failed' row queued again now, its attempts counted from zero (an agent's retry),
    // audited under `actor`, with a "mail" cluster event. nullopt when there is no such row
    // or it is not 'failed'.
    virtual std::optional<OutboxMail> requeueMail(qint64 id, const QString &actor) = 0;

    // What e-mails follow (issue 20, chat/replymailer.h). The customers of these sessions
    // were there at `at`: their customer_active_at moves to it (never back), in one
    // transaction. No cluster event: nothing is shown of it, the sweep reads it from the table.
    virtual void markCustomersActive(const QStringList &sessionIds, const QDateTime &at) = 0;
    // Sessions whose customer gave an e-mail address and has shown no sign since
    // `inactiveBefore` (never any: since the session started before it), with agents' replies
    // (Role::Agent) written since `repliesSince` of seq above both customerSeenSeq and what was
    // mailed: those replies, `limit` sessions at most. Reads only; queueMail decides.
    virtual QList<RepliesToMail> repliesToMail(
        const QDateTime &inactiveBefore, const QDateTime &repliesSince, int limit)
        = 0;
    // The session's token becomes the one of `tokenHash` (the old one opens it no more), with a
    // "session" cluster event; the session as it is now, or nothing for no such session.
    virtual std::optional<ChatSession> rotateSessionToken(
        const QString &id, const QString &tokenHash)
        = 0;
    // The customer's e-mail address (isMailAddress checked by the caller), with a "session"
    // cluster event; the session as it is now, or nothing for no such session.
    virtual std::optional<ChatSession> setCustomerEmail(const QString &id, const QString &email)
        = 0;
    // Closes the session as setSessionStatus(Closed) does and, in the same transaction, queues
    // `copy` (the operator's copy of the conversation) when given.
    virtual ClosedSession closeSession(const QString &id, const QString &assignedAgent,
        const std::optional<NewMail> &copy, const QString &copyMessageId)
        = 0;

    // Stream tickets (by hash): short-lived, single-use stand-ins for a session token in an
    // event stream's URL. Adding one forgets the expired ones. Taking one succeeds once, on
    // whichever node sharing the database takes it, if it was issued for `sessionId` and has
    // not expired (by this store's clock).
    virtual void addStreamTicket(
        const QString &ticketHash, const QString &sessionId, std::chrono::seconds lifetime)
        = 0;
    virtual bool takeStreamTicket(const QString &ticketHash, const QString &sessionId) = 0;
};

} // namespace frontline
