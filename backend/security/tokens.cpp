// SPDX-License-Identifier: GPL-3.0-or-later
#include "tokens.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

#include <array>

namespace frontline::tokens {

QString newToken()
{
    std::array<quint32, 8> words {}; // 8 x 32 = 256 bits
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(
        reinterpret_cast<const char *>(words.data()), static_cast<qsizetype>(sizeof(words)));
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString hashToken(const QString &token)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

QString identityHash(const QByteArray &secret, const QString &userId)
{
    return QString::fromLatin1(
        QMessageAuthenticationCode::hash(userId.toUtf8(), secret, QCryptographicHash::Sha256)
            .toHex());
}

} // namespace frontline::tokens
