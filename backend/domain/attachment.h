// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace frontline {

// A file a customer or an agent attached to a conversation (issue 19). What it is was decided
// from its bytes (media/attachmentinspector.h); images were decoded and re-encoded, so what is
// stored holds no metadata. It belongs to its session: a message may only carry its own
// session's attachments, and deleting the session deletes them.
struct Attachment
{
    QString id;
    QString sessionId;
    QString filename; // cleaned: no path, control or bidi characters
    QString contentType; // sniffed from the bytes, never the one the uploader declared
    qint64 size = 0;
    int width = 0; // images only; 0 otherwise
    int height = 0;
    bool hasThumbnail = false;
    QString uploadedBy; // the agent's username; empty for the customer
    QDateTime createdAt;

    bool isImage() const { return width > 0 && height > 0; }

    friend bool operator==(const Attachment &, const Attachment &) = default;
};

// What the store keeps of an upload before it has an id and a time.
struct NewAttachment
{
    QString sessionId;
    QString clientId; // the uploader's own id: the same one twice stores one attachment
    QString filename;
    QString contentType;
    QByteArray bytes;
    int width = 0;
    int height = 0;
    QByteArray thumbnail;
    QString thumbnailType;
    QString uploadedBy;
};

// An attachment's bytes, as they are served: the file or its thumbnail.
struct AttachmentContent
{
    Attachment attachment;
    QByteArray bytes;
    QString contentType; // the thumbnail's own type when it is the thumbnail
};

// The most attachments one message carries.
constexpr int MaxAttachmentsPerMessage = 10;

} // namespace frontline
