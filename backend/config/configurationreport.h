// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "configuration.h"

namespace frontline {

// What `frontline --print-config` shows: every setting's effective value and where it came
// from (command line, environment, settings file, default), secrets masked.
QString configurationReport(const Configuration &configuration, const QString &settingsFile);

} // namespace frontline
