// SPDX-License-Identifier: GPL-3.0-or-later
#include "administratorname.h"

namespace frontline::administratorname {

QString mark()
{
    return QStringLiteral(" admin");
}

bool isMark(const QString &agentName)
{
    return agentName == mark();
}

QString shown(const QString &agentName, const QString &administratorName)
{
    return isMark(agentName) ? administratorName : agentName;
}

} // namespace frontline::administratorname
