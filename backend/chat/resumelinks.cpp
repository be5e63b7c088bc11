// SPDX-License-Identifier: GPL-3.0-or-later
#include "resumelinks.h"

#include "domain/domainerror.h"

#include <QCoreApplication>
#include <QStringList>

namespace frontline {

ResumeLinks::ResumeLinks(std::shared_ptr<const Clock> clock, QString publicUrl)
    : m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
    , m_publicUrl(std::move(publicUrl))
{
}

QString ResumeLinks::subject(const QString &sessionId)
{
    // Its own subject: a resume link can never pass for an attachment's, nor one for it.
    return QStringLiteral("resume:") + sessionId;
}

QString ResumeLinks::token(const QString &sessionId) const
{
    const qint64 expires = m_clock->now().toSecsSinceEpoch()
        + std::chrono::duration_cast<std::chrono::seconds>(Lifetime).count();
    return sessionId + QLatin1Char('.') + QString::number(expires) + QLatin1Char('.')
        + m_signer.signature(subject(sessionId), expires);
}

QString ResumeLinks::url(const QString &sessionId) const
{
    return m_publicUrl + QStringLiteral("/support/chat#resume=") + token(sessionId);
}

QString ResumeLinks::sessionOf(const QString &token) const
{
    const auto invalid = [] {
        return DomainError::forbidden(QStringLiteral("invalid_link"),
            QCoreApplication::translate("ResumeLinks",
                "This link to a conversation is not valid (it was changed or cut): open the "
                "whole link from the e-mail, or start a new conversation."));
    };
    // Session ids hold no dot, nor do the expiry and the base64url signature.
    const QStringList parts = token.trimmed().split(QLatin1Char('.'));
    if (parts.size() != 3 || parts[0].isEmpty() || parts[0].size() > 100)
        throw invalid();
    bool ok = false;
    const qint64 expires = parts[1].toLongLong(&ok);
    if (!ok || expires <= 0)
        throw invalid();
    // The signature first, ignoring the time (0 is before any expiry): an altered link is
    // invalid whatever its date, and only a genuine one is told it expired.
    if (!m_signer.verify(subject(parts[0]), expires, parts[2], 0))
        throw invalid();
    if (m_clock->now().toSecsSinceEpoch() >= expires)
        throw DomainError(DomainError::Kind::Gone, QStringLiteral("link_expired"),
            QCoreApplication::translate("ResumeLinks",
                "This link to a conversation has expired: start a new conversation, or ask "
                "for a new e-mail by writing to us again."));
    return parts[0];
}

} // namespace frontline
