// SPDX-License-Identifier: GPL-3.0-or-later
#include "linksigner.h"

#include "tokens.h"

#include <QMessageAuthenticationCode>

namespace frontline {

LinkSigner::LinkSigner(QByteArray secret)
    : m_secret(std::move(secret))
{
}

QString LinkSigner::signature(const QString &subject, qint64 expiresAtSeconds) const
{
    // The subject cannot hold a newline (ids, "id/thumbnail"): the two parts never blur.
    const QByteArray message = subject.toUtf8() + '\n' + QByteArray::number(expiresAtSeconds);
    return QString::fromLatin1(
        QMessageAuthenticationCode::hash(message, m_secret, QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool LinkSigner::verify(const QString &subject, qint64 expiresAtSeconds, const QString &signature,
    qint64 nowSeconds) const
{
    if (!isReady() || nowSeconds >= expiresAtSeconds)
        return false;
    return tokens::constantTimeEquals(
        this->signature(subject, expiresAtSeconds).toLatin1(), signature.toLatin1());
}

} // namespace frontline
