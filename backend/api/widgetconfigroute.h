// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace frontline {

namespace http {
class FrameAncestors;
class Router;
} // namespace http

// GET /api/chat/widget-config?origin=<the host page's window.location.origin>
//   → 200 {"origin": "<it, normalized>", "embeddable": true|false,
//          "attachments": {"maxBytes", "accept": [the types accepted]}}
// What the widget asks before it opens a frame: whether the site it is on may show the chat
// page in a frame (FRONTLINE_FRAME_ANCESTORS, the list the page's frame-ancestors policy is
// made of), so that a site that may not gets a link to the chat in a new tab rather than a
// frame the browser refuses. Frontline's own origin ('self' in the policy) is not on that
// list: the widget on Frontline's own pages knows that without asking.
//
// Any site may ask (Access-Control-Allow-Origin: *): the answer says no more than the chat
// page's policy header tells anyone who loads it, and carries no credential. It is the same
// for everyone who asks about an origin, so browsers and proxies may keep it five minutes.
// It is computed from memory, for less than a rate-limit check would cost (on PostgreSQL that
// is a query), so like the pages and /healthz it is limited by the listener's connection
// limits only. A missing origin, or one that is not an http(s) origin, is 400
// invalid_request; "null" (a file:// page, a sandboxed frame) is an origin no policy can
// list: false.
void addWidgetConfigRoute(
    http::Router &router, const http::FrameAncestors &frameAncestors, qint64 maxAttachmentBytes);

} // namespace frontline
