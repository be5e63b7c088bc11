// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "media/attachmentinspector.h"
#include "store/storeworkers.h"

#include <QObject>

#include <functional>

namespace frontline {

struct AttachmentLimits
{
    media::InspectionLimits inspection; // its maxBytes is the listener's upload limit too
    qint64 sessionQuotaBytes = 50 * 1024 * 1024; // all the attachments of one conversation
};

// An upload that was stored (or had been, under the same client id).
struct UploadedAttachment
{
    Attachment attachment;
    bool earlier = false;
};

// What customers and agents do with files, independent of HTTP: an upload is inspected
// (media/attachmentinspector.h: its type from its bytes, an image decoded and re-encoded) on
// Qt's thread pool, so that a large image never stalls the backend thread, then stored by the
// store's writer; a message's attachments are checked to be its session's; a file is read to
// be served. Each call answers through `done` or `failed`; a refusal of the file itself
// (DomainError: 415, 400, 413) reaches `failed` too.
class AttachmentDesk final : public QObject
{
    Q_OBJECT
public:
    AttachmentDesk(StoreWorkers &store, AttachmentLimits limits, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(AttachmentDesk)

    const AttachmentLimits &limits() const { return m_limits; }

    // `uploadedBy`: the agent's username, empty for the customer. The same `clientId` twice in
    // a session stores one attachment: the second answers the first (`earlier`). A refusal of
    // the file says why in `language` (the customer's "fr"…; empty: the server's).
    void upload(const QString &sessionId, const QByteArray &bytes, const QString &filename,
        const QString &clientId, const QString &uploadedBy, const QString &language,
        std::function<void(const UploadedAttachment &)> done, StoreFailure failed);
    // The attachments a message names, in its order, each once: all of them the session's,
    // else DomainError InvalidInput "attachments" (thrown at once for what the ids alone say:
    // not a list of strings, too many).
    void resolve(const QString &sessionId, const QStringList &ids,
        std::function<void(const QList<Attachment> &)> done, StoreFailure failed);
    // The file or its thumbnail; DomainError NotFound when there is none.
    void content(const QString &id, bool thumbnail,
        std::function<void(const AttachmentContent &)> done, StoreFailure failed);

private:
    StoreWorkers &m_store;
    AttachmentLimits m_limits;
};

} // namespace frontline
