// SPDX-License-Identifier: GPL-3.0-or-later
#include "configuration.h"

#include <QSettings>

namespace frontline {

Configuration::Configuration(QHash<QString, QString> commandLine,
                             QProcessEnvironment environment, const QSettings *settingsFile)
    : m_commandLine(std::move(commandLine)),
      m_environment(std::move(environment)),
      m_settingsFile(settingsFile)
{
}

Configuration::Value Configuration::value(const ConfigKey &key) const
{
    if (const auto it = m_commandLine.constFind(key.option); it != m_commandLine.constEnd())
        return {*it, Source::CommandLine};
    // An empty variable counts as unset, as shells make it easy to export one by accident.
    if (!key.environment.isEmpty()) {
        const QString fromEnvironment = m_environment.value(key.environment);
        if (!fromEnvironment.isEmpty())
            return {fromEnvironment, Source::Environment};
    }
    if (m_settingsFile && !key.settingsKey.isEmpty() && m_settingsFile->contains(key.settingsKey))
        return {m_settingsFile->value(key.settingsKey).toString(), Source::SettingsFile};
    return {key.defaultValue, Source::Default};
}

QString Configuration::sourceName(Source source)
{
    switch (source) {
    case Source::CommandLine:
        return QStringLiteral("command line");
    case Source::Environment:
        return QStringLiteral("environment");
    case Source::SettingsFile:
        return QStringLiteral("settings file");
    case Source::Default:
        return QStringLiteral("default");
    }
    Q_UNREACHABLE();
    return {};
}

namespace configkeys {

const ConfigKey &listen()
{
    static const ConfigKey key{QStringLiteral("listen"), QStringLiteral("FRONTLINE_LISTEN"),
                               QStringLiteral("server/listen"), QStringLiteral("127.0.0.1:8080")};
    return key;
}

const ConfigKey &database()
{
    // The default (empty) means a SQLite file in the data folder.
    static const ConfigKey key{QStringLiteral("database"), QStringLiteral("DATABASE_URL"),
                               QStringLiteral("database/url"), QString(), true};
    return key;
}

const ConfigKey &dataDir()
{
    // The default (empty) means the platform's application data folder.
    static const ConfigKey key{QStringLiteral("data-dir"), QStringLiteral("FRONTLINE_DATA_DIR"),
                               QStringLiteral("paths/dataDir"), QString()};
    return key;
}

QList<ConfigKey> all()
{
    return {listen(), database(), dataDir()};
}

} // namespace configkeys

} // namespace frontline
