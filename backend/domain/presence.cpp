// SPDX-License-Identifier: GPL-3.0-or-later
#include "presence.h"

namespace frontline {

QString presenceName(Presence presence)
{
    switch (presence) {
    case Presence::Online:
        return QStringLiteral("online");
    case Presence::Away:
        return QStringLiteral("away");
    case Presence::Offline:
        return QStringLiteral("offline");
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<Presence> presenceFromName(const QString &name)
{
    for (Presence presence : { Presence::Online, Presence::Away, Presence::Offline }) {
        if (presenceName(presence) == name)
            return presence;
    }
    return std::nullopt;
}

} // namespace frontline
