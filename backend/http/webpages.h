// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace frontline::http {

class FrameAncestors;
class Router;

// The customer's chat page and the embeddable widget, compiled into the binary (resources/
// web/): GET /support/chat with its script, style and texts, and GET /widget.js. Served with
// a strict Content-Security-Policy (no inline script, no eval), nosniff and a Referrer-Policy;
// `frameAncestors` are the origins allowed to show the chat page in a frame (the widget's
// iframe) besides Frontline's own. Each file has an ETag, so a browser revalidates cheaply.
void addWebPages(Router &router, const FrameAncestors &frameAncestors);

} // namespace frontline::http
