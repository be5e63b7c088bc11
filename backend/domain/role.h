// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace frontline {

// Who wrote a chat message. The names are the original app's Prisma enum, kept so
// that existing clients keep working. A Note is an agent's internal note: agents alone see it,
// never the customer nor the assistant.
enum class Role { User, Assistant, Agent, System, Note };

QString roleName(Role role); // "USER", "ASSISTANT", ...
std::optional<Role> roleFromName(const QString &name); // nullopt for anything else

// What a support agent may do: an administrator also changes the settings and closes any
// agent's session. The names are those of the agent API ("role" of /api/agent/me), the
// database and the command line.
enum class AgentRole { Agent, Admin };

QString roleName(AgentRole role); // "agent" or "admin"
std::optional<AgentRole> agentRoleFromName(const QString &name); // nullopt for anything else

} // namespace frontline
