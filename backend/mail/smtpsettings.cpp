// SPDX-License-Identifier: GPL-3.0-or-later
#include "smtpsettings.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QUrl>

namespace frontline::mail {

namespace {

QString validForms()
{
    return QCoreApplication::translate("SmtpSettings",
        "Write smtp://user:password@host:587 (STARTTLS), smtps://user:password@host:465 (TLS) "
        "or smtp://host:25 (no authentication); the password may instead be in "
        "FRONTLINE_SMTP_PASSWORD.");
}

QString invalid(const QString &url, const QString &problem)
{
    return QCoreApplication::translate("SmtpSettings", "Invalid SMTP URL \"%1\": %2. %3")
        .arg(SmtpSettings::maskPassword(url), problem, validForms());
}

bool isThisMachine(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

QString SmtpSettings::maskPassword(const QString &url)
{
    const qsizetype schemeEnd = url.indexOf(QLatin1String("://"));
    if (schemeEnd < 0)
        return url;
    const qsizetype authority = schemeEnd + 3;
    const qsizetype at = url.lastIndexOf(u'@');
    const qsizetype colon = url.indexOf(u':', authority);
    if (at < authority || colon < 0 || colon > at)
        return url;
    return url.left(colon + 1) + QStringLiteral("***") + url.mid(at);
}

std::optional<SmtpSettings> SmtpSettings::parse(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid()) {
        *error = invalid(trimmed,
            QCoreApplication::translate("SmtpSettings",
                "it is not a URL (a character that "
                "must be percent-encoded?)"));
        return std::nullopt;
    }
    SmtpSettings settings;
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("smtp")) {
        settings.security = Security::StartTls;
        settings.port = url.port(25);
    } else if (scheme == QLatin1String("smtps")) {
        settings.security = Security::Tls;
        settings.port = url.port(465);
    } else {
        *error = invalid(trimmed,
            QCoreApplication::translate("SmtpSettings", "the scheme must be smtp or smtps"));
        return std::nullopt;
    }
    settings.host = url.host(QUrl::FullyDecoded);
    if (settings.host.isEmpty()) {
        *error = invalid(trimmed, QCoreApplication::translate("SmtpSettings", "it has no host"));
        return std::nullopt;
    }
    if (settings.port < 1 || settings.port > 65535) {
        *error = invalid(trimmed, QCoreApplication::translate("SmtpSettings", "bad port"));
        return std::nullopt;
    }
    if (!url.path().isEmpty() && url.path() != QLatin1String("/")) {
        *error = invalid(trimmed,
            QCoreApplication::translate("SmtpSettings", "it must end after the host and port"));
        return std::nullopt;
    }
    if (url.hasQuery() || url.hasFragment()) {
        *error = invalid(trimmed,
            QCoreApplication::translate("SmtpSettings", "it takes no ?query or #fragment"));
        return std::nullopt;
    }
    settings.user = url.userName(QUrl::FullyDecoded);
    settings.password = url.password(QUrl::FullyDecoded);
    if (settings.user.isEmpty() && !settings.password.isEmpty()) {
        *error = invalid(
            trimmed, QCoreApplication::translate("SmtpSettings", "a password needs a user name"));
        return std::nullopt;
    }
    return settings;
}

bool SmtpSettings::tlsRequired() const
{
    if (security == Security::Tls || requireTls)
        return true;
    // A password goes in the clear only to this machine.
    return !user.isEmpty() && !isThisMachine(host);
}

QByteArray SmtpSettings::curlUrl() const
{
    QUrl url;
    url.setScheme(security == Security::Tls ? QStringLiteral("smtps") : QStringLiteral("smtp"));
    url.setHost(host);
    url.setPort(port);
    return url.toEncoded();
}

} // namespace frontline::mail
