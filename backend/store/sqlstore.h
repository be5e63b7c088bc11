// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clusterevent.h"
#include "core/clock.h"
#include "databaseurl.h"
#include "security/ratelimitledger.h"
#include "sqldialect.h"
#include "sqlqueries.h"
#include "store.h"

#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>
#include <memory>
#include <unordered_map>

namespace frontline {

// The Store over QSqlDatabase, for SQLite (QSQLITE) and PostgreSQL (QPSQL). The queries are
// the same resource files for both except where the dialects differ; each entity is bound
// and read by one function shared by both.
class SqlStore final : public Store
{
public:
    // Opens (creating a SQLite file if needed), configures and migrates the database.
    // Throws StoreError with a message naming the database and what to do.
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
    bool setSessionStatus(
        const QString &id, SessionStatus status, const QString &assignedAgent) override;
    bool claimSession(const QString &id, const QString &agent) override;
    bool releaseSession(const QString &id, const QString &agent) override;

    // Turns group commit on: for a serving backend, whose event loop flushes the groups.
    void setGroupCommit(bool on);
    // Commits the open group now (done before any other write, and when stopping).
    void flushGroupCommit();
    void appendMessageGrouped(const NewMessage &message, const std::optional<UsageCharge> &charge,
        std::function<void(const AppendResult &)> done,
        std::function<void(const StoreError &)> failed) override;
    AppendResult appendMessage(
        const NewMessage &message, const std::optional<UsageCharge> &charge) override;
    QList<ChatMessage> messagesAfter(const QString &sessionId, qint64 afterSeq, int limit) override;
    std::optional<ChatMessage> messageByClientId(
        const QString &sessionId, const QString &clientMessageId) override;

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

    Agent addAgent(const Agent &agent) override;
    bool removeAgent(const QString &username) override;
    QList<Agent> agents() override;
    std::optional<Agent> agentByUsername(const QString &username) override;
    std::optional<Agent> agentByTokenHash(const QString &tokenHash) override;
    void addAgentToken(const QString &username, const QString &tokenHash) override;
    bool setAgentPassword(const QString &username, const QString &passwordHash) override;
    std::optional<std::pair<Agent, QDateTime>> agentBySignInToken(
        const QString &tokenHash) override;
    void touchAgentToken(const QString &tokenHash) override;
    bool removeAgentToken(const QString &tokenHash) override;

    qint64 appendAudit(const AuditEntry &entry) override;
    QList<AuditEntry> auditEntries(int limit, int offset) override;

    std::optional<QString> setting(const QString &key) override;
    void setSetting(const QString &key, const QString &value) override;
    QMap<QString, QString> settings() override;

    void addStreamTicket(const QString &ticketHash, const QString &sessionId,
        std::chrono::seconds lifetime) override;
    bool takeStreamTicket(const QString &ticketHash, const QString &sessionId) override;

    // ---- several nodes on one PostgreSQL (see live/clusterbridge.h); nothing on SQLite ----
    // From now on, every change made through this store leaves an event for the other nodes,
    // written in the change's own transaction. `node` tells this node's events apart.
    void setClusterNode(const QString &node);
    // Reading other nodes' events, through a store of its own (the listening connection).
    qint64 clusterWatermark();
    ClusterEventBatch clusterEventsSince(qint64 watermark);
    void deleteClusterEventsBefore(const QDateTime &before);
    // `wake` runs whenever another node commits events; subscribed again after a reconnection.
    void listenForClusterEvents(std::function<void()> wake);
    // The shared rate-limit ledger (see store/databaseratelimitledger.h).
    RateLimitStep takeRateLimitSlot(const QList<RateLimitBucket> &buckets, int maxHits,
        qint64 sinceMs, qint64 nowMs, bool record);
    void forgetRateLimitOwner(const QString &owner);
    void giveBackRateLimitSlot(const QList<RateLimitBucket> &buckets, qint64 atMs);
    void sweepRateLimits(qint64 beforeMs);

private:
    SqlStore(const DatabaseUrl &url, std::shared_ptr<const Clock> clock);

    void connect();
    void configureConnection();
    void applyStatementTimeouts();
    void ensureConnected();
    // The connection looks lost: reconnect at the next use (PostgreSQL; logged once).
    void suspectConnection(const QString &reason);
    // The outcome of a write (nullptr: committed), for writesFailing() and the log.
    void noteWrite(const StoreError *failure);
    // A prepared statement, prepared once per connection and reused.
    QSqlQuery &prepared(const QString &name);
    void exec(QSqlQuery &query, const QString &name);
    void execText(const QString &sql);
    void execStatement(const QString &name); // a fixed statement of m_queries, such as "commit"
    [[noreturn]] void fail(const QSqlError &error, const QString &what);
    // Runs `work` in a write transaction: committed if it returns, rolled back if it throws.
    template <typename Work>
    auto inWriteTransaction(Work &&work);
    qint64 nowMs() const;
    void chargeUsage(const UsageCharge &charge, const QDateTime &at);

    // Group commit: appends of one event-loop turn share a transaction and its sync.
    struct PendingAppend
    {
        AppendResult result;
        std::function<void(const AppendResult &)> done;
        std::function<void(const StoreError &)> failed;
    };
    AppendResult appendInTransaction(
        const NewMessage &message, const std::optional<UsageCharge> &charge);
    void failGroup(const StoreError &error);
    void later(std::function<void()> work);

    bool m_groupCommit = false;
    bool m_groupOpen = false; // a group's transaction is open on the connection
    bool m_flushScheduled = false;
    QList<PendingAppend> m_group;
    QObject m_callbacks; // context of the deferred callbacks: they die with the store

    DatabaseUrl m_url;
    SqlDialect m_dialect;
    SqlQueries m_queries;
    std::shared_ptr<const Clock> m_clock;
    QString m_connectionName;
    QSqlDatabase m_db;
    std::unordered_map<QString, QSqlQuery> m_prepared; // QSqlQuery cannot be copied
    bool m_connectionSuspect = false; // the last error looked like a lost connection
    bool m_statementTimeouts = false; // migrated: statements are held to m_url.timeoutMs
    bool m_writesFailing = false; // the last write failed for the database's sake

    void publish(const QString &kind, const QString &subject, qint64 number = 0);
    void subscribeToClusterEvents();
    QString m_clusterNode; // set: changes publish events for the other nodes
    std::function<void()> m_clusterWake; // set: this connection listens for them
};

} // namespace frontline
