// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace frontline::http {

// The sites that may show the chat page in a frame (the widget's iframe) besides Frontline's
// own: one list, and one comparison, for both who need it. The chat page's
// Content-Security-Policy gives it to the browser (frame-ancestors), which refuses any other
// site's frame; GET /api/chat/widget-config answers the widget, which asks before it opens a
// frame that would be refused.
class FrameAncestors final
{
public:
    // `origin` as a browser writes it in window.location.origin and in an Origin header, so
    // that the two compare as text: scheme and host in lowercase, the host in ASCII (an
    // internationalized name as punycode), the port only when it is not the scheme's default.
    // nullopt unless `origin` is an http or https origin and nothing more: no path but "/", no
    // query, fragment or user, no character a policy would read as a separator.
    static std::optional<QString> normalizedOrigin(const QString &origin);

    FrameAncestors() = default;
    // ServerOptions::frameAncestors: origins that normalizedOrigin() accepts.
    explicit FrameAncestors(const QStringList &origins);

    // Whether the site at `origin` (in any form normalizedOrigin() accepts) is listed.
    bool allows(const QString &origin) const;
    // The sources of the policy's frame-ancestors directive: "'self' https://shop.example …".
    QByteArray policySources() const;

private:
    QStringList m_origins;
};

} // namespace frontline::http
