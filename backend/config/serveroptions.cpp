// SPDX-License-Identifier: GPL-3.0-or-later
#include "serveroptions.h"

#include "configuration.h"

#include <QDir>
#include <QStandardPaths>

namespace frontline {

namespace {

QString fromWhere(const Configuration::Value &value, const ConfigKey &key)
{
    switch (value.source) {
    case Configuration::Source::CommandLine:
        return QStringLiteral(" (from --%1)").arg(key.option);
    case Configuration::Source::Environment:
        return QStringLiteral(" (from %1)").arg(key.environment);
    case Configuration::Source::SettingsFile:
        return QStringLiteral(" (from %1 in the settings file)").arg(key.settingsKey);
    case Configuration::Source::Default:
        break;
    }
    return {};
}

} // namespace

QString ServerOptions::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

std::optional<ServerOptions> ServerOptions::resolve(const Configuration &configuration,
                                                    QString *error)
{
    ServerOptions options;

    const auto listen = configuration.value(configkeys::listen());
    QString problem;
    const auto address = ListenAddress::parse(listen.value, &problem);
    if (!address) {
        *error = problem + fromWhere(listen, configkeys::listen());
        return std::nullopt;
    }
    options.listen = *address;

    const auto dataDir = configuration.value(configkeys::dataDir());
    options.dataDir = QDir::cleanPath(
            QDir::current().absoluteFilePath(dataDir.value.isEmpty() ? defaultDataDir()
                                                                     : dataDir.value));

    const auto database = configuration.value(configkeys::database());
    if (database.value.isEmpty()) {
        options.database = DatabaseUrl::sqliteFile(options.dataDir + QStringLiteral("/frontline.db"));
        options.databaseInDataDir = true;
    } else {
        const auto url = DatabaseUrl::parse(database.value, QDir::currentPath(), &problem);
        if (!url) {
            *error = problem + fromWhere(database, configkeys::database());
            return std::nullopt;
        }
        options.database = *url;
    }
    return options;
}

} // namespace frontline
