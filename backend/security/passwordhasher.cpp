// SPDX-License-Identifier: GPL-3.0-or-later
#include "passwordhasher.h"

#include <QByteArray>
#include <QRandomGenerator>
#include <QStringList>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace frontline {

namespace {

constexpr int HashBytes = 32;

QByteArray derive(const QString &password, const QByteArray &salt, int iterations)
{
    const QByteArray secret = password.toUtf8();
    QByteArray out(HashBytes, Qt::Uninitialized);
    if (PKCS5_PBKDF2_HMAC(secret.constData(), static_cast<int>(secret.size()),
            reinterpret_cast<const unsigned char *>(salt.constData()),
            static_cast<int>(salt.size()), iterations, EVP_sha256(), HashBytes,
            reinterpret_cast<unsigned char *>(out.data()))
        != 1)
        return {};
    return out;
}

} // namespace

PasswordHasher::PasswordHasher(int iterations)
    : m_iterations(iterations)
{
}

QString PasswordHasher::hash(const QString &password) const
{
    QByteArray salt(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(
        reinterpret_cast<quint32 *>(salt.data()), salt.size() / 4);
    return QStringLiteral("pbkdf2-sha256$%1$%2$%3")
        .arg(m_iterations)
        .arg(QString::fromLatin1(salt.toBase64()),
            QString::fromLatin1(derive(password, salt, m_iterations).toBase64()));
}

bool PasswordHasher::verify(const QString &password, const QString &encoded) const
{
    const QStringList parts = encoded.split(QLatin1Char('$'));
    if (parts.size() != 4 || parts.at(0) != QLatin1String("pbkdf2-sha256"))
        return false;
    bool ok = false;
    const int iterations = parts.at(1).toInt(&ok);
    if (!ok || iterations < 1 || iterations > 10000000)
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts.at(2).toLatin1());
    const QByteArray expected = QByteArray::fromBase64(parts.at(3).toLatin1());
    const QByteArray actual = derive(password, salt, iterations);
    return expected.size() == HashBytes && actual.size() == HashBytes
        && CRYPTO_memcmp(expected.constData(), actual.constData(), HashBytes) == 0;
}

} // namespace frontline
