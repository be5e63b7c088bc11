// SPDX-License-Identifier: GPL-3.0-or-later
// The canned responses every console shares (migration 0018). Each change leaves a "canned"
// event for the other nodes, whose consoles read the response again (or learn it is gone).
#include "auditrow.h"
#include "cannedresponserow.h"
#include "sqlstore.h"

namespace frontline {

using namespace sql;

void SqlStore::insertAudit(const AuditEntry &entry)
{
    QSqlQuery &insert = prepared(QStringLiteral("insert_audit"));
    bindAudit(insert, entry, m_clock->now());
    exec(insert, QStringLiteral("insert_audit"));
    insert.finish();
}

QList<CannedResponse> SqlStore::cannedResponses()
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_canned_responses"));
    exec(query, QStringLiteral("select_canned_responses"));
    return readAll<CannedResponse>(query, readCannedResponse);
}

std::optional<CannedResponse> SqlStore::cannedResponse(qint64 id)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_canned_response"));
    bind(query, "id", id);
    exec(query, QStringLiteral("select_canned_response"));
    return readOne<CannedResponse>(query, readCannedResponse);
}

CannedResponse SqlStore::addCannedResponse(const CannedResponse &response, const AuditEntry &audit)
{
    return inWriteTransaction([&] {
        CannedResponse stored = response;
        stored.createdAt = m_clock->now();
        stored.updatedAt = stored.createdAt;
        QSqlQuery &insert = prepared(QStringLiteral("insert_canned_response"));
        bindCannedResponse(insert, stored);
        bind(insert, "created_at", timeValue(stored.createdAt));
        exec(insert, QStringLiteral("insert_canned_response"));
        stored.id = readNumber(insert);
        AuditEntry entry = audit;
        entry.target = QString::number(stored.id);
        insertAudit(entry);
        publish(QStringLiteral("canned"), QString::number(stored.id));
        return stored;
    });
}

std::optional<CannedResponse> SqlStore::updateCannedResponse(
    const CannedResponse &response, const AuditEntry &audit)
{
    return inWriteTransaction([&]() -> std::optional<CannedResponse> {
        CannedResponse stored = response;
        stored.updatedAt = m_clock->now();
        QSqlQuery &update = prepared(QStringLiteral("update_canned_response"));
        bindCannedResponse(update, stored);
        bind(update, "id", stored.id);
        exec(update, QStringLiteral("update_canned_response"));
        if (update.numRowsAffected() == 0)
            return std::nullopt;
        QSqlQuery &select = prepared(QStringLiteral("select_canned_response"));
        bind(select, "id", stored.id);
        exec(select, QStringLiteral("select_canned_response"));
        const std::optional<CannedResponse> now
            = readOne<CannedResponse>(select, readCannedResponse);
        insertAudit(audit);
        publish(QStringLiteral("canned"), QString::number(stored.id));
        return now;
    });
}

bool SqlStore::removeCannedResponse(qint64 id, const AuditEntry &audit)
{
    return inWriteTransaction([&] {
        QSqlQuery &remove = prepared(QStringLiteral("delete_canned_response"));
        bind(remove, "id", id);
        exec(remove, QStringLiteral("delete_canned_response"));
        if (remove.numRowsAffected() == 0)
            return false;
        insertAudit(audit);
        publish(QStringLiteral("canned"), QString::number(id));
        return true;
    });
}

} // namespace frontline
