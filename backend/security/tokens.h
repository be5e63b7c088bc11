// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QString>

namespace frontline::tokens {

// 256 random bits from the system's cryptographic generator, base64url without padding.
QString newToken();
// What the store keeps instead of a token: hex SHA-256.
QString hashToken(const QString &token);
// Compares without leaking through timing where the first difference is.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);
// hex HMAC-SHA256 of `userId` with `secret`: how a host site vouches for its signed-in user.
QString identityHash(const QByteArray &secret, const QString &userId);

} // namespace frontline::tokens
