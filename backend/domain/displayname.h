// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace frontline::displayname {

// The longest name customers may be shown of an agent or the administrator, in characters:
// what fits a chat header.
constexpr qsizetype MaxLength = 60;

// The rule of every name customers read of whoever answers them (an agent's display name, the
// administrator's name): `text` trimmed, or nullopt and in `problem` what to fix (a phrase that
// follows the field's name). Refused: nothing but spaces (empty included), line breaks, tabs
// and other control characters, more than MaxLength characters. One rule, so that the console
// can tell an agent and an administrator the same thing.
std::optional<QString> parse(const QString &text, QString *problem);

} // namespace frontline::displayname
