// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline {

// Agents' passwords, hashed with PBKDF2-HMAC-SHA256 (OpenSSL) and a random salt, encoded
// with their parameters ("pbkdf2-sha256$ITERATIONS$SALT$HASH") so the work factor can grow
// without invalidating stored hashes.
class PasswordHasher final
{
public:
    // 600,000 iterations: OWASP's recommendation for PBKDF2-HMAC-SHA256 (2023).
    explicit PasswordHasher(int iterations = 600000);

    QString hash(const QString &password) const;
    // Constant-time; false for anything that is not a hash of ours.
    bool verify(const QString &password, const QString &encoded) const;

private:
    int m_iterations;
};

} // namespace frontline
