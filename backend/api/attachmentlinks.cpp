// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachmentlinks.h"

#include <QUrlQuery>

namespace frontline {

namespace {

// A link is good for a day at least: its expiry is rounded up to the next hour, so that the
// links of one attachment sent within an hour are the same and a browser's cache keeps it.
constexpr qint64 LinkLifetimeSeconds = 24 * 3600;
constexpr qint64 LinkRoundingSeconds = 3600;

} // namespace

AttachmentLinks::AttachmentLinks(std::shared_ptr<const Clock> clock)
    : m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
{
}

QString AttachmentLinks::subject(const QString &attachmentId, bool thumbnail)
{
    return thumbnail ? attachmentId + QStringLiteral("/thumbnail") : attachmentId;
}

QString AttachmentLinks::url(const Attachment &attachment, Audience audience, bool thumbnail) const
{
    const QString path = subject(attachment.id, thumbnail);
    if (audience == Audience::Agents)
        return QStringLiteral("/api/agent/attachments/") + path;
    const qint64 now = m_clock->now().toSecsSinceEpoch();
    const qint64 expires = (now + LinkLifetimeSeconds) / LinkRoundingSeconds * LinkRoundingSeconds
        + LinkRoundingSeconds;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("expires"), QString::number(expires));
    query.addQueryItem(QStringLiteral("signature"), m_signer.signature(path, expires));
    return QStringLiteral("/api/chat/attachments/") + path + QLatin1Char('?')
        + query.toString(QUrl::FullyEncoded);
}

bool AttachmentLinks::verify(const QString &attachmentId, bool thumbnail, qint64 expiresAtSeconds,
    const QString &signature) const
{
    return m_signer.verify(subject(attachmentId, thumbnail), expiresAtSeconds, signature,
        m_clock->now().toSecsSinceEpoch());
}

} // namespace frontline
