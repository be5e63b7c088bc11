// SPDX-License-Identifier: GPL-3.0-or-later
// Attachments (migration 0020): the files of a session, and the secret that signs their links.
#include "attachmentrow.h"
#include "sessionrow.h"
#include "sqlstore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace frontline {

using namespace sql;

SavedAttachment SqlStore::addAttachment(const NewAttachment &upload, qint64 sessionQuotaBytes)
{
    return inWriteTransaction([&] {
        SavedAttachment saved;
        if (!upload.clientId.isEmpty()) {
            QSqlQuery &earlier = prepared(QStringLiteral("select_attachment_by_client_id"));
            bind(earlier, "session_id", upload.sessionId);
            bind(earlier, "client_id", upload.clientId);
            exec(earlier, QStringLiteral("select_attachment_by_client_id"));
            saved.attachment = readOne<Attachment>(earlier, readAttachment);
            if (saved.attachment) {
                saved.earlier = true;
                return saved;
            }
        }
        QSqlQuery &session = prepared(QStringLiteral("select_session"));
        bind(session, "id", upload.sessionId);
        exec(session, QStringLiteral("select_session"));
        if (!readOne<ChatSession>(session, readSession))
            throw StoreError(StoreError::Kind::NotFound,
                QCoreApplication::translate("SqlStore", "No chat session has the id \"%1\".")
                    .arg(upload.sessionId));
        QSqlQuery &used = prepared(QStringLiteral("select_session_attachment_bytes"));
        bind(used, "session_id", upload.sessionId);
        exec(used, QStringLiteral("select_session_attachment_bytes"));
        saved.quotaUsed = readNumber(used);
        if (saved.quotaUsed + upload.bytes.size() > sessionQuotaBytes)
            return saved;

        Attachment attachment;
        attachment.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        attachment.sessionId = upload.sessionId;
        attachment.filename = upload.filename;
        attachment.contentType = upload.contentType;
        attachment.size = upload.bytes.size();
        attachment.width = upload.width;
        attachment.height = upload.height;
        attachment.hasThumbnail = !upload.thumbnail.isEmpty();
        attachment.uploadedBy = upload.uploadedBy;
        attachment.createdAt = QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC);
        QSqlQuery &insert = prepared(QStringLiteral("insert_attachment"));
        bindAttachment(insert, attachment, upload);
        exec(insert, QStringLiteral("insert_attachment"));
        saved.attachment = attachment;
        return saved;
    });
}

QList<Attachment> SqlStore::sessionAttachments(const QString &sessionId, const QStringList &ids)
{
    ensureConnected();
    if (ids.isEmpty())
        return {};
    QSqlQuery &query = prepared(QStringLiteral("select_session_attachments"));
    bind(query, "session_id", sessionId);
    bind(query, "ids",
        QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact)));
    exec(query, QStringLiteral("select_session_attachments"));
    return readAll<Attachment>(query, readAttachment);
}

QList<Attachment> SqlStore::attachmentsOfSession(const QString &sessionId)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_attachments_of_session"));
    bind(query, "session_id", sessionId);
    exec(query, QStringLiteral("select_attachments_of_session"));
    return readAll<Attachment>(query, readAttachment);
}

std::optional<AttachmentContent> SqlStore::attachmentContent(const QString &id, bool thumbnail)
{
    ensureConnected();
    const QString name = thumbnail ? QStringLiteral("select_attachment_thumbnail")
                                   : QStringLiteral("select_attachment_bytes");
    QSqlQuery &query = prepared(name);
    bind(query, "id", id);
    exec(query, name);
    auto content = readOne<AttachmentContent>(query, [&](const Row &row) {
        AttachmentContent found;
        found.attachment = readAttachment(row);
        found.bytes = row.value("bytes").toByteArray();
        found.contentType = thumbnail ? row.text("thumbnail_type") : found.attachment.contentType;
        return found;
    });
    if (content && thumbnail && !content->attachment.hasThumbnail)
        return std::nullopt;
    return content;
}

QString SqlStore::sharedSecret(const QString &name, const QString &candidate)
{
    return inWriteTransaction([&] {
        QSqlQuery &insert = prepared(QStringLiteral("insert_server_secret"));
        bind(insert, "name", name);
        bind(insert, "value", candidate);
        exec(insert, QStringLiteral("insert_server_secret"));
        QSqlQuery &select = prepared(QStringLiteral("select_server_secret"));
        bind(select, "name", name);
        exec(select, QStringLiteral("select_server_secret"));
        return readOne<QString>(select, [](const Row &row) {
            return row.text("value");
        }).value_or(candidate);
    });
}

} // namespace frontline
