// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"
#include "security/linksigner.h"

#include <chrono>
#include <memory>

namespace frontline {

// The link in a reply e-mail that brings the customer back to their conversation on the chat
// page: {publicUrl}/support/chat#resume={sessionId}.{expires}.{signature}. It is signed
// (LinkSigner, subject "resume:" + sessionId, with a key every node shares) and expires, so
// that it opens that one conversation for a while and nothing else; in the fragment, so that
// no server's access log keeps it. Const and thread-safe once its secret is set: the reply
// sweep composes mails on a store worker.
class ResumeLinks
{
public:
    static constexpr std::chrono::hours Lifetime { 7 * 24 };

    // `publicUrl`: where customers reach the server, no trailing slash.
    ResumeLinks(std::shared_ptr<const Clock> clock, QString publicUrl);

    void setSecret(QByteArray secret) { m_signer.setSecret(std::move(secret)); }
    // "{sessionId}.{expires}.{signature}", valid for Lifetime from now.
    QString token(const QString &sessionId) const;
    QString url(const QString &sessionId) const;
    // The session a token opens. Throws DomainError: Forbidden `invalid_link` for a token this
    // server did not sign as it is, Gone `link_expired` for one of its own that has expired.
    QString sessionOf(const QString &token) const;

private:
    static QString subject(const QString &sessionId);

    std::shared_ptr<const Clock> m_clock;
    QString m_publicUrl;
    LinkSigner m_signer;
};

} // namespace frontline
