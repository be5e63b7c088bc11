// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline::ui {

// A reply the agent inserts by typing "/" and its shortcut.
struct CannedResponse
{
    QString shortcut; // without the "/": "hello"
    QString text;

    friend bool operator==(const CannedResponse &, const CannedResponse &) = default;
};

} // namespace frontline::ui
