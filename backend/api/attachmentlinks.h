// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"
#include "domain/attachment.h"
#include "security/linksigner.h"

#include <memory>

namespace frontline {

// Where clients fetch attachments, as the JSON they are sent names them. A customer's page
// shows an image in an <img src>, which sends no header: its links are signed and expire
// (/api/chat/attachments/{id}?expires=…&signature=…), with the secret every node shares, so
// that any node serves a link another made. Agents' links are the agent API's, fetched with
// the agent's token (/api/agent/attachments/{id}).
class AttachmentLinks
{
public:
    enum class Audience { Customer, Agents };

    explicit AttachmentLinks(std::shared_ptr<const Clock> clock);

    // The key that signs the customers' links (Store::sharedSecret), set once at start.
    void setSecret(QByteArray secret) { m_signer.setSecret(std::move(secret)); }
    QString url(const Attachment &attachment, Audience audience, bool thumbnail) const;
    // Whether a customer's link is one this server signed and has not expired.
    bool verify(const QString &attachmentId, bool thumbnail, qint64 expiresAtSeconds,
        const QString &signature) const;

private:
    static QString subject(const QString &attachmentId, bool thumbnail);

    std::shared_ptr<const Clock> m_clock;
    LinkSigner m_signer;
};

// One audience's links, as the JSON codec takes them.
struct AttachmentUrls
{
    const AttachmentLinks &links;
    AttachmentLinks::Audience audience;

    QString file(const Attachment &attachment) const
    {
        return links.url(attachment, audience, false);
    }
    QString thumbnail(const Attachment &attachment) const
    {
        return links.url(attachment, audience, true);
    }
};

} // namespace frontline
