// SPDX-License-Identifier: GPL-3.0-or-later
#include "providerorigins.h"

#include <QCoreApplication>
#include <QHostAddress>

namespace frontline {

ProviderOrigins::ProviderOrigins(const QUrl &launchBaseUrl, const QStringList &allowed)
{
    m_origins.append(originOf(launchBaseUrl));
    for (const QString &origin : allowed) {
        if (!m_origins.contains(origin))
            m_origins.append(origin);
    }
}

QString ProviderOrigins::originOf(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    const int defaultPort = scheme == QLatin1String("https") ? 443 : 80;
    return QStringLiteral("%1://%2:%3")
        .arg(scheme, url.host(QUrl::FullyEncoded).toLower())
        .arg(url.port(defaultPort));
}

bool ProviderOrigins::isPlainHttpToAnotherHost(const QUrl &url)
{
    if (url.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) != 0)
        return false;
    // Only names that cannot leave the machine: "localhost" and loopback addresses (a DNS
    // server may well answer for "x.localhost" with a remote address).
    const QString host = url.host().toLower();
    return host != QLatin1String("localhost") && !QHostAddress(host).isLoopback();
}

std::optional<QString> ProviderOrigins::parseAllowed(const QString &text, QString *error)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const bool plainOrigin = url.isValid() && !url.host().isEmpty()
        && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))
        && (url.path().isEmpty() || url.path() == QLatin1String("/")) && !url.hasQuery()
        && !url.hasFragment() && url.userInfo().isEmpty();
    if (!plainOrigin) {
        *error = QCoreApplication::translate("ProviderOrigins",
            "\"%1\" is not an origin: list the AI providers the key may be sent to as "
            "https://llm.example.com,https://api.openai.com")
                     .arg(text.trimmed());
        return std::nullopt;
    }
    if (isPlainHttpToAnotherHost(url)) {
        *error = QCoreApplication::translate("ProviderOrigins",
            "\"%1\" would receive the AI provider key over plain http: use https, or http "
            "only to this machine (localhost)")
                     .arg(text.trimmed());
        return std::nullopt;
    }
    return originOf(url);
}

bool ProviderOrigins::allows(const QUrl &baseUrl) const
{
    return m_origins.contains(originOf(baseUrl)) && !isPlainHttpToAnotherHost(baseUrl);
}

QString ProviderOrigins::refusal(const QUrl &baseUrl) const
{
    if (isPlainHttpToAnotherHost(baseUrl))
        return QCoreApplication::translate("ProviderOrigins",
            "%1 would receive the AI provider key over plain http: use https, or http only to "
            "this machine (localhost).")
            .arg(baseUrl.toString());
    return QCoreApplication::translate("ProviderOrigins",
        "The AI provider key may not be sent to %1: the server's operator must set that "
        "provider at launch (OPENAI_BASE_URL) or list its origin in "
        "FRONTLINE_AI_ALLOWED_ORIGINS.")
        .arg(originOf(baseUrl));
}

} // namespace frontline
