// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <chrono>
#include <optional>

namespace frontline::mail {

// Where and how mail is sent: FRONTLINE_SMTP_URL and its companions, parsed.
struct SmtpSettings
{
    enum class Security {
        StartTls, // smtp://: STARTTLS whenever the server offers it (then TLS or nothing)
        Tls, // smtps://: TLS from the first byte
    };

    Security security = Security::StartTls;
    QString host;
    int port = 25;
    QString user; // empty: no authentication
    QString password;
    // smtp:// only: refuse to talk without STARTTLS (FRONTLINE_SMTP_REQUIRE_TLS). Also on
    // whenever a password would otherwise go in the clear to a host other than this machine.
    bool requireTls = false;
    QString caFile; // FRONTLINE_SMTP_CA_FILE: the CAs to trust instead of the system's
    std::chrono::seconds connectTimeout { 10 };
    std::chrono::seconds totalTimeout { 60 };

    // smtp://[user[:password]@]host[:port] (port 25 by default) or smtps://…[:port] (465).
    // The user and password are percent-decoded. nullopt and, in `error`, what is wrong and
    // what to write instead, the password never shown.
    static std::optional<SmtpSettings> parse(const QString &url, QString *error);
    // `url` with its password as ***, for --print-config.
    static QString maskPassword(const QString &url);

    // Whether TLS is certain for this connection (smtps, or STARTTLS required).
    bool tlsRequired() const;
    // The URL libcurl is given: scheme, host and port, no credentials.
    QByteArray curlUrl() const;
};

} // namespace frontline::mail
