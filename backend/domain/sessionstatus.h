// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace frontline {

// Where a conversation stands. ACTIVE: the assistant answers; WAITING: the customer (or a
// failing assistant) asked for a human; ASSIGNED: an agent owns it and the assistant is
// silent; CLOSED: no more messages.
enum class SessionStatus { Active, Waiting, Assigned, Closed };

QString sessionStatusName(SessionStatus status);
std::optional<SessionStatus> sessionStatusFromName(const QString &name);

} // namespace frontline
