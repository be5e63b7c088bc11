// SPDX-License-Identifier: GPL-3.0-or-later
#include "usagekey.h"

namespace frontline {

QString customerUsageKey(const QString &sessionId, const QString &userId)
{
    return userId.isEmpty() ? QLatin1String("session:") + sessionId
                            : QLatin1String("user:") + userId;
}

QString addressUsageKey(const QString &clientIp)
{
    return QLatin1String("address:") + clientIp;
}

} // namespace frontline
