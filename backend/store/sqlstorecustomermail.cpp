// SPDX-License-Identifier: GPL-3.0-or-later
// What e-mails follow (issue 20): the customers' activity, the replies a customer who left has
// not seen, a resumed session's new token, the address a customer gives, and a close that
// queues the operator's copy in its own transaction.
#include "messagerow.h"
#include "outboxrow.h"
#include "sessionrow.h"
#include "sqlstore.h"

namespace frontline {

using namespace sql;

void SqlStore::markCustomersActive(const QStringList &sessionIds, const QDateTime &at)
{
    if (sessionIds.isEmpty())
        return;
    inWriteTransaction([&] {
        const qint64 atMs = at.toMSecsSinceEpoch();
        for (const QString &id : sessionIds) {
            QSqlQuery &query = prepared(QStringLiteral("mark_customer_active"));
            bind(query, "at", atMs);
            bind(query, "at_again", atMs);
            bind(query, "id", id);
            exec(query, QStringLiteral("mark_customer_active"));
        }
    });
}

QList<RepliesToMail> SqlStore::repliesToMail(
    const QDateTime &inactiveBefore, const QDateTime &repliesSince, int limit)
{
    ensureConnected();
    struct Due
    {
        QString id;
        qint64 after = 0;
    };
    QSqlQuery &query = prepared(QStringLiteral("select_sessions_to_mail"));
    bind(query, "inactive_before", inactiveBefore.toMSecsSinceEpoch());
    bind(query, "replies_since", repliesSince.toMSecsSinceEpoch());
    bind(query, "limit", limit);
    exec(query, QStringLiteral("select_sessions_to_mail"));
    const QList<Due> due = readAll<Due>(query, [](const Row &row) {
        return Due { row.text("id"),
            std::max(row.value("customer_seen_seq").toLongLong(),
                row.value("mailed_through_seq").toLongLong()) };
    });
    QList<RepliesToMail> found;
    for (const Due &one : due) {
        const std::optional<ChatSession> session = this->session(one.id);
        if (!session)
            continue; // deleted meanwhile
        RepliesToMail entry { *session, {} };
        // What came after: the agents' replies of them (no note, no customer's message).
        for (const ChatMessage &message : customerMessagesAfter(one.id, one.after, 200)) {
            if (message.role == Role::Agent && message.createdAt >= repliesSince)
                entry.replies.append(message);
        }
        if (!entry.replies.isEmpty())
            found.append(entry);
    }
    return found;
}

std::optional<ChatSession> SqlStore::rotateSessionToken(const QString &id, const QString &tokenHash)
{
    const bool changed
        = updateSession(QStringLiteral("update_session_token"), id, [&](QSqlQuery &query) {
              bind(query, "token_hash", tokenHash);
              bind(query, "updated_at", nowMs());
          });
    if (!changed)
        return std::nullopt;
    return session(id);
}

std::optional<ChatSession> SqlStore::setCustomerEmail(const QString &id, const QString &email)
{
    const bool changed
        = updateSession(QStringLiteral("update_customer_email"), id, [&](QSqlQuery &query) {
              bind(query, "email", email);
              bind(query, "updated_at", nowMs());
          });
    if (!changed)
        return std::nullopt;
    return session(id);
}

ClosedSession SqlStore::closeSession(const QString &id, const QString &assignedAgent,
    const std::optional<NewMail> &copy, const QString &copyMessageId)
{
    return inWriteTransaction([&] {
        ClosedSession result;
        QSqlQuery &query = prepared(QStringLiteral("update_session_status"));
        bind(query, "status", sessionStatusName(SessionStatus::Closed));
        bind(query, "assigned_agent", textOrNull(assignedAgent));
        bind(query, "updated_at", nowMs());
        bind(query, "id", id);
        exec(query, QStringLiteral("update_session_status"));
        result.closed = query.numRowsAffected() > 0;
        if (!result.closed)
            return result;
        publish(QStringLiteral("session"), id);
        // In the close's transaction: a conversation closed is one copied, even across a crash.
        if (copy)
            result.copy = queueMailInTransaction(*copy, copyMessageId);
        return result;
    });
}

} // namespace frontline
