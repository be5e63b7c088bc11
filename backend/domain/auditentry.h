// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace frontline {

// Who did what to what: every agent action and every settings change leaves one.
struct AuditEntry
{
    qint64 id = 0;
    QDateTime at;
    QString actor; // agent username, or "system"
    QString action; // "session.claim", "settings.write", ...
    QString target; // session id, setting key, ...
    QString detail;

    friend bool operator==(const AuditEntry &, const AuditEntry &) = default;
};

} // namespace frontline
