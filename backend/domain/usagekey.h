// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline {

// The keys of UsageStats. A user the host site vouched for counts as one whatever their
// sessions ("user:<id>"), an anonymous customer per session ("session:<id>"). An anonymous
// customer's tokens also count for their address ("address:<ip>"), so that opening a new
// session does not reset the day's cap. The console reads a customer's stats by this key
// (GET /api/agent/usage/<key>).
QString customerUsageKey(const QString &sessionId, const QString &userId);
QString addressUsageKey(const QString &clientIp);

} // namespace frontline
