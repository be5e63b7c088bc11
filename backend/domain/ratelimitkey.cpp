// SPDX-License-Identifier: GPL-3.0-or-later
#include "ratelimitkey.h"

namespace frontline {

namespace {

QLatin1String addressKind()
{
    return QLatin1String("ip");
}

QLatin1String userKind()
{
    return QLatin1String("user");
}

QLatin1String sessionKind()
{
    return QLatin1String("session");
}

} // namespace

RateLimitKey RateLimitKey::address(const QString &clientIp)
{
    return { addressKind(), clientIp };
}

RateLimitKey RateLimitKey::customer(const QString &sessionId, const QString &userId)
{
    return userId.isEmpty() ? RateLimitKey { sessionKind(), sessionId }
                            : RateLimitKey { userKind(), userId };
}

bool RateLimitKey::isKind(const QString &kind)
{
    return kind == addressKind() || kind == userKind() || kind == sessionKind();
}

QString RateLimitKey::name() const
{
    return kind + QLatin1Char(':') + value;
}

QString RateLimitKey::sessionId() const
{
    return kind == sessionKind() ? value : QString();
}

} // namespace frontline
