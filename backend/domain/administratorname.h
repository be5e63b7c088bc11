// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "displayname.h"

#include <QString>

namespace frontline::administratorname {

// The administrator (FRONTLINE_ADMIN_TOKEN, the console's own sign-in) has no stored account,
// and the name customers see of them is a runtime setting, translated while it is the default
// (customertexts::administratorName). So their messages and their Agent do not carry that name
// but this mark, which the API turns into the name when it shows one: to a customer in the
// session's language, to agents as the console reads it. The mark starts with a space, which
// no name can (agents' display names and the administrator's are stored trimmed), so it is
// never mistaken for an agent called so.
QString mark();
bool isMark(const QString &agentName);
// `agentName` as shown: itself, or `administratorName` for the mark.
QString shown(const QString &agentName, const QString &administratorName);

// The longest name an administrator may set: the same as an agent's.
constexpr qsizetype MaxLength = displayname::MaxLength;

} // namespace frontline::administratorname
