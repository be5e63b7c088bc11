// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace frontline {

class RuntimeSettings;
class TeamAvailability;

namespace http {
class Router;
} // namespace http

// GET /api/chat/availability
//   → 200 {"availability": {"humanNow","withinHours","agentsOnline","nextOpening"|null,
//          "timeZone"|null}, "email": bool, "preChat": PreChatForm::toJson()}
// What the chat page asks before the first message (issue 20): whether a human can answer
// now or when the team is back, whether the server can e-mail the customer (SMTP configured:
// the page may offer it), and the pre-chat form to show. It names no session and needs no
// token, so like widget-config any site may ask (Access-Control-Allow-Origin: *) and it is
// computed from memory (the agents' presence and the settings as this node follows them),
// limited by the listener's connection limits only. It changes as agents come and go:
// Cache-Control: no-store.
void addAvailabilityRoute(http::Router &router, const TeamAvailability &availability,
    const RuntimeSettings &settings, bool emailOffered);

} // namespace frontline
