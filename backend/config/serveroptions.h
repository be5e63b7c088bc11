// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "listenaddress.h"
#include "store/databaseurl.h"

#include <optional>

namespace frontline {

class Configuration;

// What the backend needs to start, validated. Resolving touches nothing on disk, so a
// mistake in the configuration leaves no trace behind.
struct ServerOptions
{
    ListenAddress listen;
    DatabaseUrl database;
    QString dataDir;              // absolute
    bool databaseInDataDir = false; // the default SQLite file: create the data folder first

    // nullopt and one sentence in `error` that names the bad value and where it came from.
    static std::optional<ServerOptions> resolve(const Configuration &configuration,
                                                QString *error);
    // The platform's application data folder, e.g. ~/.local/share/Frontline/frontline.
    static QString defaultDataDir();
};

} // namespace frontline
