// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachmentdesk.h"

#include "core/translations.h"
#include "domain/domainerror.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

namespace frontline {

namespace {

// What the thread pool's inspection gives back: the file, or why it was refused.
struct Inspection
{
    std::optional<media::InspectedFile> file;
    std::exception_ptr refusal;
};

QString megabytes(qint64 bytes)
{
    return QLocale::c().toString(double(bytes) / (1024.0 * 1024.0), 'f', 1);
}

} // namespace

AttachmentDesk::AttachmentDesk(StoreWorkers &store, AttachmentLimits limits, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_limits(limits)
{
}

void AttachmentDesk::upload(const QString &sessionId, const QByteArray &bytes,
    const QString &filename, const QString &clientId, const QString &uploadedBy,
    const QString &language, std::function<void(const UploadedAttachment &)> done,
    StoreFailure failed)
{
    media::InspectionLimits limits = m_limits.inspection;
    limits.language = language;
    auto *inspecting = new QFutureWatcher<Inspection>(this);
    connect(inspecting, &QFutureWatcher<Inspection>::finished, this,
        [this, inspecting, sessionId, clientId, uploadedBy, language, done, failed] {
            inspecting->deleteLater();
            Inspection inspection = inspecting->result();
            if (!inspection.file) {
                failed(inspection.refusal);
                return;
            }
            NewAttachment upload;
            upload.sessionId = sessionId;
            upload.clientId = clientId;
            upload.filename = inspection.file->filename;
            upload.contentType = inspection.file->contentType;
            upload.bytes = std::move(inspection.file->bytes);
            upload.width = inspection.file->width;
            upload.height = inspection.file->height;
            upload.thumbnail = std::move(inspection.file->thumbnail);
            upload.thumbnailType = inspection.file->thumbnailType;
            upload.uploadedBy = uploadedBy;
            const qint64 quota = m_limits.sessionQuotaBytes;
            m_store.write(
                this,
                [upload = std::move(upload), quota](
                    Store &store) { return store.addAttachment(upload, quota); },
                [done, failed, quota, language](const SavedAttachment &saved) {
                    if (saved.overQuota()) {
                        static const char *const full = QT_TRANSLATE_NOOP("AttachmentDesk",
                            "This conversation's files already take %1 MiB of the %2 MiB it may "
                            "hold: send a smaller file, or a link to it.");
                        const QString sentence = translateFor(language, "AttachmentDesk", full);
                        failed(std::make_exception_ptr(DomainError(DomainError::Kind::TooLarge,
                            QStringLiteral("attachment_quota"),
                            sentence.arg(megabytes(saved.quotaUsed), megabytes(quota)))));
                        return;
                    }
                    done({ *saved.attachment, saved.earlier });
                },
                failed);
        });
    inspecting->setFuture(QtConcurrent::run([bytes, filename, limits]() -> Inspection {
        try {
            return { media::inspectAttachment(bytes, filename, limits), nullptr };
        } catch (...) {
            return { std::nullopt, std::current_exception() };
        }
    }));
}

void AttachmentDesk::resolve(const QString &sessionId, const QStringList &ids,
    std::function<void(const QList<Attachment> &)> done, StoreFailure failed)
{
    QStringList unique;
    for (const QString &id : ids) {
        if (!unique.contains(id))
            unique.append(id);
    }
    if (unique.size() > MaxAttachmentsPerMessage)
        throw DomainError::invalidInput(QStringLiteral("attachments"),
            QCoreApplication::translate("AttachmentDesk",
                "may name at most %1 attachments; send the others in another message.")
                .arg(MaxAttachmentsPerMessage));
    if (unique.isEmpty()) {
        done({});
        return;
    }
    m_store.read(
        this,
        [sessionId, unique](Store &store) { return store.sessionAttachments(sessionId, unique); },
        [unique, done, failed](const QList<Attachment> &found) {
            QList<Attachment> ordered;
            for (const QString &id : unique) {
                const auto it = std::find_if(found.cbegin(), found.cend(),
                    [&](const Attachment &attachment) { return attachment.id == id; });
                if (it == found.cend()) {
                    failed(std::make_exception_ptr(DomainError::invalidInput(
                        QStringLiteral("attachments"),
                        QCoreApplication::translate("AttachmentDesk",
                            "names \"%1\", which is not a file of this conversation: upload the "
                            "file to this conversation first and send the id it gets.")
                            .arg(id.left(100)))));
                    return;
                }
                ordered.append(*it);
            }
            done(ordered);
        },
        failed);
}

void AttachmentDesk::content(const QString &id, bool thumbnail,
    std::function<void(const AttachmentContent &)> done, StoreFailure failed)
{
    m_store.read(
        this, [id, thumbnail](Store &store) { return store.attachmentContent(id, thumbnail); },
        [done, failed](const std::optional<AttachmentContent> &content) {
            if (!content) {
                failed(std::make_exception_ptr(
                    DomainError::notFound(QCoreApplication::translate("AttachmentDesk",
                        "There is no such attachment (or it has no thumbnail): it may have been "
                        "deleted with its conversation."))));
                return;
            }
            done(*content);
        },
        failed);
}

} // namespace frontline
