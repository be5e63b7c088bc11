// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "role.h"

#include <QDateTime>
#include <QString>

namespace frontline {

// A support agent who signs in to the console or the agent API.
struct Agent
{
    qint64 id = 0;
    QString username;
    QString displayName;
    AgentRole role = AgentRole::Agent;
    QString passwordHash; // encoded hash with its parameters; empty when no password
    QString tokenHash; // hex SHA-256 of the API token; the token itself is never stored
    QDateTime createdAt;

    friend bool operator==(const Agent &, const Agent &) = default;
};

} // namespace frontline
