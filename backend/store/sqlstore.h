// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clustereventlog.h"
#include "core/clock.h"
#include "databaseurl.h"
#include "sqlconnection.h"
#include "store.h"

#include <functional>
#include <memory>

namespace frontline {

// The Store over QSqlDatabase, for SQLite (QSQLITE) and PostgreSQL (QPSQL). The queries are
// the same resource files for both except where the dialects differ; each entity is bound
// and read by one function shared by both (sessionrow.h, messagerow.h...). The store composes
// its parts: its connection (sqlconnection.h) and the events it leaves for other nodes
// (clustereventlog.h).
class SqlStore final : public Store
{
public:
    // Opens (creating a SQLite file if needed) and configures a connection to a database that
    // Migrator::migrateDatabase() has migrated: opening never migrates. Throws StoreError
    // with a message naming the database and what to do (SchemaTooNew, InvalidDatabase for a
    // database not migrated yet).
    static std::unique_ptr<SqlStore> open(
        const DatabaseUrl &url, std::shared_ptr<const Clock> clock = nullptr);
    ~SqlStore() override;
    Q_DISABLE_COPY_MOVE(SqlStore)

    QString dialectName() const override;
    int schemaVersion() override;
    bool isHealthy() override;
    bool writesFailing() const override;

    ChatSession createSession(
        const ChatSession &session, const std::optional<UsageCharge> &charge) override;
    std::optional<ChatSession> session(const QString &id) override;
    QList<ChatSession> sessions(const SessionFilter &filter) override;
    QList<SessionOverview> sessionOverviews(
        const SessionFilter &filter, const QString &reader) override;
    bool setSessionStatus(
        const QString &id, SessionStatus status, const QString &assignedAgent) override;
    bool startWaiting(const QString &id, WaitingReason reason, Unattended unattended) override;
    std::optional<ChatSession> setCustomerContact(
        const QString &id, const QString &email, const QString &name) override;
    bool claimSession(const QString &id, const QString &agent) override;
    QueueAssignment assignQueue(
        const QList<AssignableAgent> &agents, const QString &actor) override;
    QList<ChatSession> returnUnanswered(const QDateTime &before, const QString &actor) override;
    bool releaseSession(const QString &id, const QString &agent) override;
    bool transferSession(const QString &id, const QString &from, const QString &to) override;
    QHash<QString, qint64> openConversations() override;

    QList<AppendOutcome> appendMessages(const QList<AppendRequest> &requests) override;
    AppendResult appendMessage(
        const NewMessage &message, const std::optional<UsageCharge> &charge) override;
    QList<ChatMessage> messagesAfter(const QString &sessionId, qint64 afterSeq, int limit) override;
    SavedAttachment addAttachment(const NewAttachment &upload, qint64 sessionQuotaBytes) override;
    QList<Attachment> sessionAttachments(const QString &sessionId, const QStringList &ids) override;
    QList<Attachment> attachmentsOfSession(const QString &sessionId) override;
    std::optional<AttachmentContent> attachmentContent(const QString &id, bool thumbnail) override;
    QString sharedSecret(const QString &name, const QString &candidate) override;
    QList<ChatMessage> customerMessagesAfter(
        const QString &sessionId, qint64 afterSeq, int limit) override;
    std::optional<ChatMessage> messageByClientId(
        const QString &sessionId, const QString &clientMessageId) override;

    bool markCustomerSeen(const QString &sessionId, qint64 seq) override;
    void announceTyping(const QString &sessionId, const QString &agent) override;
    qint64 countMessages(const QString &sessionId, Role role) override;
    std::optional<ChatMessage> lastMessage(const QString &sessionId) override;
    void markRead(const QString &agent, const QString &sessionId, qint64 seq) override;
    qint64 unreadCount(const QString &agent, const QString &sessionId) override;

    void addUsage(const UsageCharge &charge) override;
    std::optional<UsageStats> usage(const QString &userKey) override;
    qint64 dailyTokens(const QString &userKey, QDate day) override;

    QList<RateLimitHit> recordRateLimitHits(
        const QList<RateLimitHit> &hits, const QList<UsageCharge> &charges = {}) override;
    QList<RateLimitHit> rateLimitHits(const RateLimitHitFilter &filter) override;
    std::optional<RateLimitHit> rateLimitHit(qint64 id) override;
    qint64 deleteRateLimitHitsBefore(const QDateTime &before) override;
    QList<std::pair<QDateTime, qint64>> rateLimitHitsPerMinute(
        const QDateTime &from, const QDateTime &to) override;
    RateLimitLedger &sharedRateLimitLedger() override;

    Agent addAgent(const Agent &agent) override;
    bool removeAgent(const QString &username) override;
    QList<Agent> agents() override;
    std::optional<Agent> agentByUsername(const QString &username) override;
    std::optional<Agent> agentByTokenHash(const QString &tokenHash) override;
    void addAgentToken(const QString &username, const QString &tokenHash) override;
    bool setAgentPassword(const QString &username, const QString &passwordHash,
        const QString &keptTokenHash = QString()) override;
    bool setAgentDisplayName(const QString &username, const QString &displayName) override;
    std::optional<std::pair<Agent, QDateTime>> agentBySignInToken(
        const QString &tokenHash) override;
    void touchAgentToken(const QString &tokenHash) override;
    bool removeAgentToken(const QString &tokenHash) override;

    PresenceChange setPresenceStreams(const QString &node, const QString &username, int streams,
        std::chrono::milliseconds lifetime) override;
    PresenceChange setPresenceAway(
        const QString &username, bool away, std::chrono::milliseconds lifetime) override;
    QHash<QString, Presence> renewPresence(const QString &node, const QHash<QString, int> &streams,
        std::chrono::milliseconds lifetime) override;
    Presence presence(const QString &username, std::chrono::milliseconds lifetime) override;
    QHash<QString, Presence> presences(std::chrono::milliseconds lifetime) override;

    QList<Label> labels() override;
    std::optional<Label> label(qint64 id) override;
    Label addLabel(const QString &name, const QString &colour, const QString &actor) override;
    std::optional<LabelEdit> changeLabel(
        qint64 id, const LabelChange &change, const QString &actor) override;
    std::optional<LabelEdit> removeLabel(qint64 id, const QString &actor) override;
    std::optional<ChatSession> setSessionLabels(
        const QString &sessionId, const QList<qint64> &labelIds, const QString &actor) override;
    PastConversations pastConversations(const ChatSession &session, int limit) override;
    QList<CannedResponse> cannedResponses() override;
    std::optional<CannedResponse> cannedResponse(qint64 id) override;
    CannedResponse addCannedResponse(
        const CannedResponse &response, const AuditEntry &audit) override;
    std::optional<CannedResponse> updateCannedResponse(
        const CannedResponse &response, const AuditEntry &audit) override;
    bool removeCannedResponse(qint64 id, const AuditEntry &audit) override;

    QList<KnowledgeArticle> knowledgeArticles() override;
    std::optional<KnowledgeArticle> knowledgeArticle(qint64 id) override;
    KnowledgeArticle addKnowledgeArticle(
        const KnowledgeArticle &article, const AuditEntry &audit) override;
    std::optional<KnowledgeArticle> updateKnowledgeArticle(
        const KnowledgeArticle &article, const AuditEntry &audit) override;
    bool removeKnowledgeArticle(qint64 id, const AuditEntry &audit) override;
    qint64 knowledgeArticleCount() override;
    QList<KnowledgePassage> knowledgePassages(qint64 articleId) override;
    QList<KnowledgePassage> searchKnowledge(
        const QString &question, const QString &locale, int limit, KnowledgeMatch match) override;
    UnansweredQuestion recordUnansweredQuestion(
        const QString &sessionId, const QString &question, const QString &locale) override;
    QList<UnansweredQuestion> unansweredQuestions(int limit) override;
    bool dismissUnansweredQuestion(qint64 id, const AuditEntry &audit) override;
    std::optional<UnansweredQuestion> unansweredQuestion(qint64 id) override;

    qint64 appendAudit(const AuditEntry &entry) override;
    QList<AuditEntry> auditEntries(int limit, int offset) override;

    std::optional<QString> setting(const QString &key) override;
    void setSetting(const QString &key, const QString &value) override;
    QMap<QString, QString> settings() override;

    void addStreamTicket(const QString &ticketHash, const QString &sessionId,
        std::chrono::seconds lifetime) override;
    bool takeStreamTicket(const QString &ticketHash, const QString &sessionId) override;
    std::optional<OutboxMail> queueMail(const NewMail &mail, const QString &messageId) override;
    QList<OutboxMail> mailsOfSession(const QString &sessionId) override;
    void markCustomersActive(const QStringList &sessionIds, const QDateTime &at) override;
    QList<RepliesToMail> repliesToMail(
        const QDateTime &inactiveBefore, const QDateTime &repliesSince, int limit) override;
    std::optional<ChatSession> rotateSessionToken(
        const QString &id, const QString &tokenHash) override;
    std::optional<ChatSession> setCustomerEmail(const QString &id, const QString &email) override;
    ClosedSession closeSession(const QString &id, const QString &assignedAgent,
        const std::optional<NewMail> &copy, const QString &copyMessageId) override;
    std::optional<OutboxMail> mail(qint64 id) override;
    QList<OutboxMail> mails(const MailFilter &filter) override;
    QList<OutboxMail> claimDueMails(
        const QString &node, int limit, std::chrono::milliseconds lease) override;
    std::optional<OutboxMail> finishMail(
        qint64 id, const QString &node, const MailOutcome &outcome) override;
    int releaseClaims() override;
    std::optional<OutboxMail> requeueMail(qint64 id, const QString &actor) override;

    // ---- several nodes on one PostgreSQL (see live/clusterbridge.h); nothing on SQLite ----
    // From now on, every change made through this store leaves an event for the other nodes,
    // written in the change's own transaction. `node` tells this node's events apart.
    void setClusterNode(const QString &node);

    // How many statements the store's connection has executed (each one round trip on
    // PostgreSQL): for tests and measurements.
    qint64 statementsExecuted() const { return m_connection->statementsExecuted(); }

private:
    SqlStore(std::unique_ptr<SqlConnection> connection, std::shared_ptr<const Clock> clock);

    QSqlQuery &prepared(const QString &name) { return m_connection->prepared(name); }
    void exec(QSqlQuery &query, const QString &name) { m_connection->exec(query, name); }
    void execStatement(const QString &name) { m_connection->execStatement(name); }
    void ensureConnected() { m_connection->ensureConnected(); }
    template <typename Work>
    auto inWriteTransaction(Work &&work)
    {
        return m_connection->inWriteTransaction(std::forward<Work>(work));
    }
    qint64 nowMs() const;
    // Store::queueMail inside the transaction that is open (a close queues its copy so).
    std::optional<OutboxMail> queueMailInTransaction(const NewMail &mail, const QString &messageId);
    void chargeUsage(const UsageCharge &charge, const QDateTime &at);
    // Stores one message inside the transaction that is open (sqlstoreappend.cpp): on
    // PostgreSQL in one statement, frontline_append_message; on SQLite in several.
    AppendResult appendInTransaction(
        const NewMessage &message, const std::optional<UsageCharge> &charge);
    AppendResult appendInOneStatement(
        const NewMessage &message, const std::optional<UsageCharge> &charge);
    AppendResult appendStatementByStatement(
        const NewMessage &message, const std::optional<UsageCharge> &charge);
    // PostgreSQL: a whole group in one statement, frontline_append_messages, which is its
    // own transaction.
    QList<AppendOutcome> appendGroupInOneStatement(const QList<AppendRequest> &requests);
    // The attachments a message with a client id was stored with (the append functions'
    // rows leave them out).
    QList<Attachment> storedAttachmentsOf(const ChatMessage &message);
    QList<KnowledgeSource> storedSourcesOf(const ChatMessage &message);
    void writePassages(const KnowledgeArticle &article, bool replacing);
    // Those of `words` (folded) that some passage of `locale` or of no language holds (any
    // passage for an empty `locale`), in order: one indexed query each.
    QStringList knownKnowledgeWords(const QStringList &words, const QString &locale);
    // The result of one append as the functions return it; throws what refused it.
    AppendResult appendedRow(
        const QSqlQuery &query, const NewMessage &message, const QString &statement);
    // The agent's presence inside the transaction that is open (sqlstorepresence.cpp).
    Presence presenceNow(const QString &username, qint64 freshAfter);
    // The names of the session's labels (sqlstorelabels.cpp), put on sessions as they are read.
    QStringList sessionLabels(const QString &sessionId);
    // The labels of many sessions in one query (a list's page), by session id.
    QHash<QString, QStringList> labelsOfSessions(const QStringList &sessionIds);
    ChatSession withLabels(ChatSession session);
    // The sessions of a label, as they are now (inside a transaction).
    QList<ChatSession> sessionsOfLabel(qint64 labelId);
    void audit(const QString &actor, const QString &action, const QString &target,
        const QString &detail = QString());
    void publish(const QString &kind, const QString &subject, qint64 number = 0,
        const QString &actor = QString());
    // One audit row inside the transaction that is open.
    void insertAudit(const AuditEntry &entry);
    // Runs the session update `queryName` (its parameters but :id bound by `bindRest`) in a
    // write transaction; true, and announced to the cluster, when it changed the session.
    bool updateSession(const QString &queryName, const QString &id,
        const std::function<void(QSqlQuery &)> &bindRest);

    std::unique_ptr<SqlConnection> m_connection;
    std::unique_ptr<RateLimitLedger> m_sharedLedger; // made when first asked for
    std::shared_ptr<const Clock> m_clock;
    ClusterEventLog m_clusterEvents;
    QString m_clusterNode; // set: changes publish events for the other nodes
};

} // namespace frontline
