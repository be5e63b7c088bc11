// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace frontline::testsupport {

// The environment the real binary runs in during tests: this process's, with a private home
// under `home` (the user's own settings and data are never read or written) and none of
// Frontline's own variables.
QProcessEnvironment isolatedEnvironment(const QString &home);

// Starts `frontline --headless --listen 127.0.0.1:0 <args>` and returns its URL once it has
// printed its listening line, or an empty string. It waits with the event loop running, so
// servers of the test's own (a fake provider) keep answering meanwhile.
QString startHeadless(
    QProcess &server, const QStringList &args, const QProcessEnvironment &environment);

// SIGTERM, then the exit code; -1 when it did not exit within 5 s.
int stopHeadless(QProcess &server);

} // namespace frontline::testsupport
