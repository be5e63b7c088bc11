// SPDX-License-Identifier: GPL-3.0-or-later
// The store's agents, their sign-in tokens and the audit log of what they do.
#include "agentrow.h"
#include "auditrow.h"
#include "sqlstore.h"

namespace frontline {

using namespace sql;

Agent SqlStore::addAgent(const Agent &agent)
{
    return inWriteTransaction([&] {
        Agent stored = agent;
        stored.createdAt = m_clock->now();
        QSqlQuery &insert = prepared(QStringLiteral("insert_agent"));
        bindAgent(insert, stored);
        exec(insert, QStringLiteral("insert_agent"));
        stored.id = readNumber(insert);
        return stored;
    });
}

bool SqlStore::removeAgent(const QString &username)
{
    return inWriteTransaction([&] {
        QSqlQuery &remove = prepared(QStringLiteral("delete_agent"));
        bind(remove, "username", username);
        exec(remove, QStringLiteral("delete_agent"));
        return remove.numRowsAffected() > 0;
    });
}

QList<Agent> SqlStore::agents()
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_agents"));
    exec(query, QStringLiteral("select_agents"));
    return readAll<Agent>(query, readAgent);
}

std::optional<Agent> SqlStore::agentByUsername(const QString &username)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_agent_by_username"));
    bind(query, "username", username);
    exec(query, QStringLiteral("select_agent_by_username"));
    return readOne<Agent>(query, readAgent);
}

std::optional<Agent> SqlStore::agentByTokenHash(const QString &tokenHash)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_agent_by_token_hash"));
    bind(query, "token_hash", tokenHash);
    bind(query, "token_hash_again", tokenHash);
    exec(query, QStringLiteral("select_agent_by_token_hash"));
    return readOne<Agent>(query, readAgent);
}

void SqlStore::addAgentToken(const QString &username, const QString &tokenHash)
{
    inWriteTransaction([&] {
        QSqlQuery &insert = prepared(QStringLiteral("insert_agent_token"));
        bind(insert, "token_hash", tokenHash);
        bind(insert, "username", username);
        bind(insert, "created_at", nowMs());
        bind(insert, "last_used_at", nowMs());
        exec(insert, QStringLiteral("insert_agent_token"));
    });
}

std::optional<std::pair<Agent, QDateTime>> SqlStore::agentBySignInToken(const QString &tokenHash)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_agent_by_sign_in_token"));
    bind(query, "token_hash", tokenHash);
    exec(query, QStringLiteral("select_agent_by_sign_in_token"));
    return readOne<std::pair<Agent, QDateTime>>(query, [](const Row &q) {
        return std::pair { readAgent(q), timeFrom(q.value("last_used_at")) };
    });
}

void SqlStore::touchAgentToken(const QString &tokenHash)
{
    inWriteTransaction([&] {
        QSqlQuery &update = prepared(QStringLiteral("touch_agent_token"));
        bind(update, "last_used_at", nowMs());
        bind(update, "token_hash", tokenHash);
        exec(update, QStringLiteral("touch_agent_token"));
    });
}

bool SqlStore::removeAgentToken(const QString &tokenHash)
{
    return inWriteTransaction([&] {
        QSqlQuery &remove = prepared(QStringLiteral("delete_agent_token"));
        bind(remove, "token_hash", tokenHash);
        exec(remove, QStringLiteral("delete_agent_token"));
        return remove.numRowsAffected() > 0;
    });
}

bool SqlStore::setAgentPassword(
    const QString &username, const QString &passwordHash, const QString &keptTokenHash)
{
    return inWriteTransaction([&] {
        QSqlQuery &update = prepared(QStringLiteral("update_agent_password"));
        bind(update, "password_hash", passwordHash);
        bind(update, "username", username);
        exec(update, QStringLiteral("update_agent_password"));
        if (update.numRowsAffected() == 0)
            return false;
        QSqlQuery &signOut = prepared(QStringLiteral("delete_agent_tokens_of"));
        bind(signOut, "username", username);
        // No token has an empty hash: then every sign-in ends.
        bind(signOut, "kept_token_hash",
            keptTokenHash.isNull() ? QStringLiteral("") : keptTokenHash);
        exec(signOut, QStringLiteral("delete_agent_tokens_of"));
        return true;
    });
}

bool SqlStore::setAgentDisplayName(const QString &username, const QString &displayName)
{
    return inWriteTransaction([&] {
        QSqlQuery &update = prepared(QStringLiteral("update_agent_display_name"));
        bind(update, "display_name", displayName);
        bind(update, "username", username);
        exec(update, QStringLiteral("update_agent_display_name"));
        if (update.numRowsAffected() == 0)
            return false;
        // The other nodes keep agents' names in memory (AgentDirectory): they read it again.
        publish(QStringLiteral("agent"), username);
        return true;
    });
}

qint64 SqlStore::appendAudit(const AuditEntry &entry)
{
    return inWriteTransaction([&] {
        QSqlQuery &insert = prepared(QStringLiteral("insert_audit"));
        bindAudit(insert, entry, m_clock->now());
        exec(insert, QStringLiteral("insert_audit"));
        return readNumber(insert);
    });
}

QList<AuditEntry> SqlStore::auditEntries(int limit, int offset)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_audit"));
    bind(query, "limit", limit);
    bind(query, "offset", offset);
    exec(query, QStringLiteral("select_audit"));
    return readAll<AuditEntry>(query, readAudit);
}

} // namespace frontline
