// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agent.h"

#include <QString>

#include <optional>

namespace frontline {

// Whether an agent is there to answer: Online while one of their consoles' event streams is
// connected (on any node), Away when they said so (by hand, or their console after idle
// minutes) while connected, Offline when no console of theirs is connected anywhere.
enum class Presence { Online, Away, Offline };

QString presenceName(Presence presence); // "online", "away", "offline"
std::optional<Presence> presenceFromName(const QString &name); // nullopt for anything else

// An agent as the team sees them: who, whether they are there, and how many conversations
// they own now (ASSIGNED to them), what a transfer or an automatic assignment weighs.
struct AgentStanding
{
    Agent agent; // without password hash
    Presence presence = Presence::Offline;
    qint64 openConversations = 0;
};

} // namespace frontline
