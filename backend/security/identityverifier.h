// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

namespace frontline {

// Checks the signature with which a host site vouches for its signed-in user. The site signs
// with the server's identity secret (hex HMAC-SHA256), either the user id alone (the first
// form: valid for ever) or the user id, a line break and `expires` in Unix seconds, which the
// server refuses once that time has passed. The operator may require the expiring form.
// A line break, not a printable separator: a site that signs the first form for a user id of
// its own choosing ("alice:1767225600", say) must not thereby vouch for another user
// ("alice" until then); user ids do not hold line breaks.
class IdentityVerifier final
{
public:
    enum class Result { Verified, NoSecret, WrongHash, Expired, ExpiryRequired };

    IdentityVerifier(QByteArray secret, bool requireExpiry, std::shared_ptr<const Clock> clock);

    Result verify(
        const QString &userId, const QString &userHash, std::optional<qint64> expires) const;
    // What the host site signs for an expiring signature.
    static QString signedText(const QString &userId, qint64 expires);

private:
    QByteArray m_secret;
    bool m_requireExpiry;
    std::shared_ptr<const Clock> m_clock;
};

} // namespace frontline
