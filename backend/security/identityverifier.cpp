// SPDX-License-Identifier: GPL-3.0-or-later
#include "identityverifier.h"

#include "tokens.h"

namespace frontline {

IdentityVerifier::IdentityVerifier(
    QByteArray secret, bool requireExpiry, std::shared_ptr<const Clock> clock)
    : m_secret(std::move(secret))
    , m_requireExpiry(requireExpiry)
    , m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
{
}

QString IdentityVerifier::signedText(const QString &userId, qint64 expires)
{
    return userId + QLatin1Char('\n') + QString::number(expires);
}

IdentityVerifier::Result IdentityVerifier::verify(
    const QString &userId, const QString &userHash, std::optional<qint64> expires) const
{
    if (m_secret.isEmpty())
        return Result::NoSecret;
    if (!expires && m_requireExpiry)
        return Result::ExpiryRequired;
    const QString expected
        = tokens::identityHash(m_secret, expires ? signedText(userId, *expires) : userId);
    // The signature first: an expiry nobody signed says nothing, not even that it passed.
    if (!tokens::constantTimeEquals(expected.toLatin1(), userHash.toLower().toLatin1()))
        return Result::WrongHash;
    if (expires && *expires <= m_clock->now().toSecsSinceEpoch())
        return Result::Expired;
    return Result::Verified;
}

} // namespace frontline
