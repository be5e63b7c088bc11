// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline::ui {

// A reply the agent inserts by typing "/" and its shortcut: one of the server's shared ones
// (GET /api/agent/canned-responses, with its id), or one of this console's own from before
// they moved to the server (id 0), which an administrator's console uploads once.
struct CannedResponse
{
    QString shortcut; // without the "/": "hello"
    QString text; // the body, its variables not yet filled in (CannedTemplate)
    QString title;
    qint64 id = 0; // on the server; 0: not stored there (yet)

    friend bool operator==(const CannedResponse &, const CannedResponse &) = default;
};

} // namespace frontline::ui
