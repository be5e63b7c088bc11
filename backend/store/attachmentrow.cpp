// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachmentrow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace frontline::sql {

void bindAttachment(QSqlQuery &q, const Attachment &a, const NewAttachment &upload)
{
    bind(q, "id", a.id);
    bind(q, "session_id", a.sessionId);
    bind(q, "client_id", textOrNull(upload.clientId));
    bind(q, "filename", a.filename);
    bind(q, "content_type", a.contentType);
    bind(q, "size", a.size);
    bind(q, "width", a.width);
    bind(q, "height", a.height);
    bind(q, "uploaded_by", textOrNull(a.uploadedBy));
    bind(q, "created_at", timeValue(a.createdAt));
    bind(q, "thumbnail_type",
        textOrNull(upload.thumbnail.isEmpty() ? QString() : upload.thumbnailType));
    // A null QByteArray binds as NULL in both drivers.
    bind(q, "thumbnail",
        upload.thumbnail.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>())
                                   : QVariant(upload.thumbnail));
    bind(q, "bytes", upload.bytes);
}

Attachment readAttachment(const Row &row)
{
    Attachment a;
    a.id = row.text("id");
    a.sessionId = row.text("session_id");
    a.filename = row.text("filename");
    a.contentType = row.text("content_type");
    a.size = row.value("size").toLongLong();
    a.width = row.value("width").toInt();
    a.height = row.value("height").toInt();
    a.hasThumbnail = !row.text("thumbnail_type").isEmpty();
    a.uploadedBy = row.text("uploaded_by");
    a.createdAt = timeFrom(row.value("created_at"));
    return a;
}

QVariant attachmentsValue(const QList<Attachment> &attachments)
{
    if (attachments.isEmpty())
        return textOrNull(QString());
    QJsonArray array;
    for (const Attachment &a : attachments) {
        array.append(QJsonObject { { QStringLiteral("id"), a.id },
            { QStringLiteral("filename"), a.filename },
            { QStringLiteral("contentType"), a.contentType }, { QStringLiteral("size"), a.size },
            { QStringLiteral("width"), a.width }, { QStringLiteral("height"), a.height },
            { QStringLiteral("thumbnail"), a.hasThumbnail },
            { QStringLiteral("uploadedBy"), a.uploadedBy },
            { QStringLiteral("createdAt"), a.createdAt.toMSecsSinceEpoch() } });
    }
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<Attachment> attachmentsFrom(const QVariant &value, const QString &sessionId)
{
    QList<Attachment> attachments;
    if (value.isNull())
        return attachments;
    const QJsonArray array = QJsonDocument::fromJson(value.toString().toUtf8()).array();
    for (const QJsonValue &item : array) {
        const QJsonObject o = item.toObject();
        Attachment a;
        a.id = o.value(QStringLiteral("id")).toString();
        a.sessionId = sessionId;
        a.filename = o.value(QStringLiteral("filename")).toString();
        a.contentType = o.value(QStringLiteral("contentType")).toString();
        a.size = o.value(QStringLiteral("size")).toInteger();
        a.width = o.value(QStringLiteral("width")).toInt();
        a.height = o.value(QStringLiteral("height")).toInt();
        a.hasThumbnail = o.value(QStringLiteral("thumbnail")).toBool();
        a.uploadedBy = o.value(QStringLiteral("uploadedBy")).toString();
        a.createdAt = QDateTime::fromMSecsSinceEpoch(
            o.value(QStringLiteral("createdAt")).toInteger(), Qt::UTC);
        attachments.append(a);
    }
    return attachments;
}

} // namespace frontline::sql
