// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace frontline {

// The agents an internal note mentions: each "@username" in it, where username follows the
// agents' rule (backend/agents/agentaccounts.cpp: lower-case letters, digits, ".", "_", "-",
// 64 at most), once each, in the order written. Whether an agent has that name is not known
// here: a name nobody has is simply text.
QStringList mentionedUsernames(const QString &text);

} // namespace frontline
