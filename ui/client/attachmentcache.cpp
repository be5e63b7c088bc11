// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachmentcache.h"

#include "agentclient.h"

#include <QImage>

namespace frontline::ui {

namespace {

constexpr int CacheKiB = 32 * 1024; // about a hundred 320-pixel thumbnails

} // namespace

AttachmentCache::AttachmentCache(AgentClient &client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_thumbnails(CacheKiB)
{
}

QPixmap AttachmentCache::thumbnail(const AttachmentItem &attachment)
{
    if (const QPixmap *cached = m_thumbnails.object(attachment.id))
        return *cached;
    if (!attachment.isImage() || m_loading.contains(attachment.id)
        || m_failed.contains(attachment.id))
        return {};
    const QString id = attachment.id;
    m_loading.insert(id);
    m_client.fetchAttachment(attachment.thumbnailUrl, [this, id](const FetchResult &result) {
        m_loading.remove(id);
        QImage image;
        if (result.ok() && !image.loadFromData(result.bytes))
            m_failed.insert(id, tr("The thumbnail is not an image the console can show."));
        else if (!result.ok())
            m_failed.insert(id, result.errorText);
        else {
            auto *pixmap = new QPixmap(QPixmap::fromImage(image));
            const qint64 kib = qint64(pixmap->width()) * pixmap->height() * 4 / 1024 + 1;
            m_thumbnails.insert(id, pixmap, static_cast<int>(std::min<qint64>(kib, CacheKiB)));
        }
        Q_EMIT thumbnailChanged(id);
    });
    return {};
}

AttachmentCache::State AttachmentCache::state(const QString &attachmentId) const
{
    if (m_thumbnails.contains(attachmentId))
        return State::Ready;
    if (m_failed.contains(attachmentId))
        return State::Failed;
    if (m_loading.contains(attachmentId))
        return State::Loading;
    return State::Missing;
}

QString AttachmentCache::failure(const QString &attachmentId) const
{
    return m_failed.value(attachmentId);
}

void AttachmentCache::forgetFailures()
{
    const QStringList failed = m_failed.keys();
    m_failed.clear();
    for (const QString &id : failed)
        Q_EMIT thumbnailChanged(id);
}

void AttachmentCache::fetch(
    const AttachmentItem &attachment, std::function<void(const FetchResult &)> done)
{
    m_client.fetchAttachment(attachment.url, std::move(done));
}

} // namespace frontline::ui
