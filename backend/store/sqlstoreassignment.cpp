// SPDX-License-Identifier: GPL-3.0-or-later
// Auto-assignment's two writes: giving the queue out, and taking back what was not answered.
#include "auditrow.h"
#include "sessionrow.h"
#include "sqlstore.h"

namespace frontline {

using namespace sql;

namespace {

QStringList passedByList(const QVariant &value)
{
    return value.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace

QueueAssignment SqlStore::assignQueue(const QList<AssignableAgent> &agents, const QString &actor)
{
    return inWriteTransaction([&] {
        if (m_connection->dialect() == SqlDialect::Postgresql)
            execStatement(QStringLiteral("lock_auto_assignment"));
        // Counted inside the transaction, after the lock: what another node assigned a moment
        // ago is counted too.
        QSqlQuery &counts = prepared(QStringLiteral("count_open_sessions_by_agent"));
        exec(counts, QStringLiteral("count_open_sessions_by_agent"));
        QHash<QString, int> open;
        while (counts.next())
            open.insert(counts.value(0).toString(), counts.value(1).toInt());
        counts.finish();
        QList<AssignableAgent> counted = agents;
        for (AssignableAgent &agent : counted)
            agent.open = open.value(agent.username);

        QSqlQuery &queue = prepared(QStringLiteral("select_assignment_queue"));
        exec(queue, QStringLiteral("select_assignment_queue"));
        const QList<QueuedConversation> waiting = readAll<QueuedConversation>(
            queue, [](const Row &row) {
                return QueuedConversation { row.text("id"), passedByList(row.value("passed_by")) };
            });

        QueueAssignment result;
        const qint64 now = nowMs();
        for (const PlannedAssignment &planned : planAssignments(waiting, counted)) {
            QSqlQuery &update = prepared(QStringLiteral("auto_assign_session"));
            bind(update, "agent", planned.username);
            bind(update, "now", now);
            bind(update, "now_again", now);
            bind(update, "id", planned.sessionId);
            exec(update, QStringLiteral("auto_assign_session"));
            if (update.numRowsAffected() == 0)
                continue; // claimed meanwhile
            QSqlQuery &audit = prepared(QStringLiteral("insert_audit"));
            bindAudit(audit,
                { .actor = actor,
                    .action = QStringLiteral("session.autoassign"),
                    .target = planned.sessionId,
                    .detail = planned.username },
                m_clock->now());
            exec(audit, QStringLiteral("insert_audit"));
            audit.finish();
            publish(QStringLiteral("session"), planned.sessionId);
            QSqlQuery &read = prepared(QStringLiteral("select_session"));
            bind(read, "id", planned.sessionId);
            exec(read, QStringLiteral("select_session"));
            if (const auto session = readOne<ChatSession>(read, readSession))
                result.assigned.append(withLabels(*session));
        }
        result.stillWaiting = waiting.size() - result.assigned.size();
        return result;
    });
}

QList<ChatSession> SqlStore::returnUnanswered(const QDateTime &before, const QString &actor)
{
    return inWriteTransaction([&] {
        QSqlQuery &select = prepared(QStringLiteral("select_unanswered_sessions"));
        bind(select, "before", before.toMSecsSinceEpoch());
        exec(select, QStringLiteral("select_unanswered_sessions"));
        struct Unanswered
        {
            QString id;
            QString agent;
            QStringList passedBy;
        };
        const QList<Unanswered> unanswered = readAll<Unanswered>(select, [](const Row &row) {
            return Unanswered { row.text("id"), row.text("assigned_agent"),
                passedByList(row.value("passed_by")) };
        });

        QList<ChatSession> returned;
        const qint64 now = nowMs();
        for (const Unanswered &session : unanswered) {
            QStringList passedBy = session.passedBy;
            if (!passedBy.contains(session.agent))
                passedBy.append(session.agent);
            QSqlQuery &update = prepared(QStringLiteral("return_unanswered_session"));
            bind(update, "passed_by", passedBy.join(QLatin1Char(' ')));
            bind(update, "now", now);
            bind(update, "now_again", now);
            bind(update, "id", session.id);
            bind(update, "agent", session.agent);
            exec(update, QStringLiteral("return_unanswered_session"));
            if (update.numRowsAffected() == 0)
                continue;
            QSqlQuery &audit = prepared(QStringLiteral("insert_audit"));
            bindAudit(audit,
                { .actor = actor,
                    .action = QStringLiteral("session.unanswered"),
                    .target = session.id,
                    .detail = session.agent },
                m_clock->now());
            exec(audit, QStringLiteral("insert_audit"));
            audit.finish();
            publish(QStringLiteral("session"), session.id);
            QSqlQuery &read = prepared(QStringLiteral("select_session"));
            bind(read, "id", session.id);
            exec(read, QStringLiteral("select_session"));
            if (const auto returnedSession = readOne<ChatSession>(read, readSession))
                returned.append(withLabels(*returnedSession));
        }
        return returned;
    });
}

} // namespace frontline
