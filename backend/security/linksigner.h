// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace frontline {

// Signs links that must work where no header can be sent (an attachment in an <img src>): an
// HMAC-SHA256 of what the link names and when it expires, with a secret every node of the
// database shares (Store::sharedSecret), so that a link one node made works on all of them.
class LinkSigner
{
public:
    explicit LinkSigner(QByteArray secret = {});

    bool isReady() const { return !m_secret.isEmpty(); }
    void setSecret(QByteArray secret) { m_secret = std::move(secret); }
    // base64url, without padding.
    QString signature(const QString &subject, qint64 expiresAtSeconds) const;
    // The signature is this signer's for the subject and expiry, and `nowSeconds` is before it.
    bool verify(const QString &subject, qint64 expiresAtSeconds, const QString &signature,
        qint64 nowSeconds) const;

private:
    QByteArray m_secret;
};

} // namespace frontline
