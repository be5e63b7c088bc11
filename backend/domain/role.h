// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <optional>

namespace frontline {

// Who wrote a chat message. The names are the original app's Prisma enum, kept so
// that existing clients keep working.
enum class Role { User, Assistant, Agent, System };

QString roleName(Role role);                            // "USER", "ASSISTANT", ...
std::optional<Role> roleFromName(const QString &name);  // nullopt for anything else

} // namespace frontline
