// SPDX-License-Identifier: GPL-3.0-or-later
#include "frameancestors.h"

#include <QHostAddress>
#include <QUrl>

namespace frontline::http {

namespace {

// A host name of letters, digits, dots, hyphens (and the underscores some names have), or an
// IP address: what may go into a Content-Security-Policy as it is.
bool isPlainHost(const QString &host)
{
    if (QHostAddress(host).protocol() != QAbstractSocket::UnknownNetworkLayerProtocol)
        return true;
    for (const QChar c : host) {
        const bool plain = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.')
            || c == QLatin1Char('-') || c == QLatin1Char('_');
        if (!plain)
            return false;
    }
    return !host.isEmpty();
}

} // namespace

std::optional<QString> FrameAncestors::normalizedOrigin(const QString &origin)
{
    const QUrl url(origin, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        || (!url.path().isEmpty() && url.path() != QLatin1String("/")) || url.hasQuery()
        || url.hasFragment() || !url.userInfo().isEmpty())
        return std::nullopt;
    // FullyEncoded gives the ASCII form of an internationalized name, as browsers write it.
    const QString host = url.host(QUrl::FullyEncoded).toLower();
    if (!isPlainHost(host))
        return std::nullopt;
    QUrl normalized;
    normalized.setScheme(scheme);
    normalized.setHost(host); // an IPv6 address gets its brackets back in toString()
    const int defaultPort = scheme == QLatin1String("https") ? 443 : 80;
    if (url.port() != -1 && url.port() != defaultPort)
        normalized.setPort(url.port());
    return normalized.toString(QUrl::FullyEncoded);
}

FrameAncestors::FrameAncestors(const QStringList &origins)
{
    // Normalized again, so that a list set by hand (a test's options) compares the same way;
    // ServerOptions has already refused what is not an origin.
    for (const QString &origin : origins) {
        if (const auto normalized = normalizedOrigin(origin))
            m_origins.append(*normalized);
    }
}

bool FrameAncestors::allows(const QString &origin) const
{
    const auto normalized = normalizedOrigin(origin);
    return normalized && m_origins.contains(*normalized);
}

QByteArray FrameAncestors::policySources() const
{
    QByteArray sources = "'self'";
    for (const QString &origin : m_origins)
        sources += ' ' + origin.toLatin1();
    return sources;
}

} // namespace frontline::http
