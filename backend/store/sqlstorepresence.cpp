// SPDX-License-Identifier: GPL-3.0-or-later
// The store's presence of agents (migration 0015) and what it weighs: the conversations each
// agent owns. A row counts while its node renews it; see Store for the contract.
#include "sqlrow.h"
#include "sqlstore.h"

namespace frontline {

using namespace sql;

namespace {

Presence presenceOf(qint64 nodes, bool away)
{
    if (nodes == 0)
        return Presence::Offline;
    return away ? Presence::Away : Presence::Online;
}

} // namespace

Presence SqlStore::presenceNow(const QString &username, qint64 freshAfter)
{
    QSqlQuery &query = prepared(QStringLiteral("select_presence_of"));
    bind(query, "username", username);
    bind(query, "fresh_after", freshAfter);
    exec(query, QStringLiteral("select_presence_of"));
    Presence presence = Presence::Offline;
    if (query.next())
        presence = presenceOf(query.value(0).toLongLong(), query.value(1).toLongLong() != 0);
    query.finish();
    return presence;
}

PresenceChange SqlStore::setPresenceStreams(
    const QString &node, const QString &username, int streams, std::chrono::milliseconds lifetime)
{
    return inWriteTransaction([&] {
        const qint64 now = nowMs();
        const qint64 freshAfter = now - lifetime.count();
        PresenceChange change;
        change.before = presenceNow(username, freshAfter);
        if (streams > 0) {
            QSqlQuery &upsert = prepared(QStringLiteral("upsert_presence"));
            bind(upsert, "node", node);
            bind(upsert, "username", username);
            bind(upsert, "streams", streams);
            bind(upsert, "away", change.before == Presence::Away ? 1 : 0);
            bind(upsert, "heartbeat_at", now);
            exec(upsert, QStringLiteral("upsert_presence"));
        } else {
            QSqlQuery &remove = prepared(QStringLiteral("delete_presence"));
            bind(remove, "node", node);
            bind(remove, "username", username);
            exec(remove, QStringLiteral("delete_presence"));
        }
        change.after = presenceNow(username, freshAfter);
        if (change.changed())
            publish(QStringLiteral("presence"), username);
        return change;
    });
}

PresenceChange SqlStore::setPresenceAway(
    const QString &username, bool away, std::chrono::milliseconds lifetime)
{
    return inWriteTransaction([&] {
        const qint64 freshAfter = nowMs() - lifetime.count();
        PresenceChange change;
        change.before = presenceNow(username, freshAfter);
        QSqlQuery &update = prepared(QStringLiteral("set_presence_away"));
        bind(update, "away", away ? 1 : 0);
        bind(update, "username", username);
        bind(update, "fresh_after", freshAfter);
        exec(update, QStringLiteral("set_presence_away"));
        change.after = presenceNow(username, freshAfter);
        if (change.changed())
            publish(QStringLiteral("presence"), username);
        return change;
    });
}

QHash<QString, Presence> SqlStore::renewPresence(
    const QString &node, const QHash<QString, int> &streams, std::chrono::milliseconds lifetime)
{
    return inWriteTransaction([&] {
        const qint64 now = nowMs();
        const qint64 freshAfter = now - lifetime.count();
        // Written whole from the node's own count: a row another node forgot while this one
        // could not renew it in time (a slow database) comes back.
        for (auto it = streams.constBegin(); it != streams.constEnd(); ++it) {
            const bool away = presenceNow(it.key(), freshAfter) == Presence::Away;
            QSqlQuery &upsert = prepared(QStringLiteral("upsert_presence"));
            bind(upsert, "node", node);
            bind(upsert, "username", it.key());
            bind(upsert, "streams", it.value());
            bind(upsert, "away", away ? 1 : 0);
            bind(upsert, "heartbeat_at", now);
            exec(upsert, QStringLiteral("upsert_presence"));
        }
        QSqlQuery &expired = prepared(QStringLiteral("select_expired_presence"));
        bind(expired, "fresh_after", freshAfter);
        exec(expired, QStringLiteral("select_expired_presence"));
        QStringList forgotten;
        while (expired.next())
            forgotten.append(expired.value(0).toString());
        expired.finish();
        QHash<QString, Presence> changed;
        if (forgotten.isEmpty())
            return changed;
        QSqlQuery &remove = prepared(QStringLiteral("delete_expired_presence"));
        bind(remove, "fresh_after", freshAfter);
        exec(remove, QStringLiteral("delete_expired_presence"));
        for (const QString &username : std::as_const(forgotten)) {
            changed.insert(username, presenceNow(username, freshAfter));
            publish(QStringLiteral("presence"), username);
        }
        return changed;
    });
}

Presence SqlStore::presence(const QString &username, std::chrono::milliseconds lifetime)
{
    ensureConnected();
    return presenceNow(username, nowMs() - lifetime.count());
}

QHash<QString, Presence> SqlStore::presences(std::chrono::milliseconds lifetime)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_presences"));
    bind(query, "fresh_after", nowMs() - lifetime.count());
    exec(query, QStringLiteral("select_presences"));
    QHash<QString, Presence> result;
    while (query.next())
        result.insert(query.value(0).toString(),
            query.value(1).toLongLong() != 0 ? Presence::Away : Presence::Online);
    query.finish();
    return result;
}

QHash<QString, qint64> SqlStore::openConversations()
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_open_conversations"));
    exec(query, QStringLiteral("select_open_conversations"));
    QHash<QString, qint64> result;
    while (query.next())
        result.insert(query.value(0).toString(), query.value(1).toLongLong());
    query.finish();
    return result;
}

bool SqlStore::transferSession(const QString &id, const QString &from, const QString &to)
{
    if (to.isEmpty())
        return updateSession(QStringLiteral("requeue_session"), id, [&](QSqlQuery &query) {
            const qint64 now = nowMs();
            bind(query, "updated_at", now);
            bind(query, "since", now);
            bind(query, "reason", waitingReasonName(WaitingReason::Transferred));
            bind(query, "from", from.isNull() ? QStringLiteral("") : from);
        });
    return updateSession(QStringLiteral("transfer_session"), id, [&](QSqlQuery &query) {
        bind(query, "to", to);
        bind(query, "updated_at", nowMs());
        bind(query, "from", from.isNull() ? QStringLiteral("") : from);
    });
}

} // namespace frontline
