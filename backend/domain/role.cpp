// SPDX-License-Identifier: GPL-3.0-or-later
#include "role.h"

namespace frontline {

QString roleName(Role role)
{
    switch (role) {
    case Role::User:
        return QStringLiteral("USER");
    case Role::Assistant:
        return QStringLiteral("ASSISTANT");
    case Role::Agent:
        return QStringLiteral("AGENT");
    case Role::Note:
        return QStringLiteral("NOTE");
    case Role::System:
        return QStringLiteral("SYSTEM");
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<Role> roleFromName(const QString &name)
{
    for (Role role : { Role::User, Role::Assistant, Role::Agent, Role::System, Role::Note }) {
        if (roleName(role) == name)
            return role;
    }
    return std::nullopt;
}

QString roleName(AgentRole role)
{
    switch (role) {
    case AgentRole::Agent:
        return QStringLiteral("agent");
    case AgentRole::Admin:
        return QStringLiteral("admin");
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<AgentRole> agentRoleFromName(const QString &name)
{
    for (AgentRole role : { AgentRole::Agent, AgentRole::Admin }) {
        if (roleName(role) == name)
            return role;
    }
    return std::nullopt;
}

} // namespace frontline
