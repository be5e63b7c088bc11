// SPDX-License-Identifier: GPL-3.0-or-later
#include "configurationreport.h"

#include "mail/smtpsettings.h"
#include "serveroptions.h"
#include "store/databaseurl.h"

#include <QCoreApplication>
#include <QStringList>

namespace frontline {

namespace {

// The name a user knows the setting by: its option, else its variable, else its file key.
QString nameOf(const ConfigKey &key)
{
    if (!key.option.isEmpty())
        return QStringLiteral("--") + key.option;
    return key.environment.isEmpty() ? key.settingsKey : key.environment;
}

QString whereFrom(const ConfigKey &key, Configuration::Source source)
{
    switch (source) {
    case Configuration::Source::CommandLine:
        return QCoreApplication::translate("ConfigurationReport", "command line");
    case Configuration::Source::Environment:
        return QCoreApplication::translate("ConfigurationReport", "environment (%1)")
            .arg(key.environment);
    case Configuration::Source::SettingsFile:
        return QCoreApplication::translate("ConfigurationReport", "settings file (%1)")
            .arg(key.settingsKey);
    case Configuration::Source::Default:
        return QCoreApplication::translate("ConfigurationReport", "default");
    }
    return {};
}

} // namespace

QString configurationReport(const Configuration &configuration, const QString &settingsFile)
{
    QStringList lines;
    lines << QCoreApplication::translate("ConfigurationReport", "Settings file: %1")
                 .arg(settingsFile);
    const QList<ConfigKey> keys = configkeys::all();
    qsizetype nameWidth = 0;
    for (const ConfigKey &key : keys)
        nameWidth = std::max(nameWidth, nameOf(key).size());
    for (const ConfigKey &key : keys) {
        const Configuration::Value value = configuration.value(key);
        QString shown = value.value;
        if (key.option == configkeys::database().option) {
            shown = DatabaseUrl::maskPassword(shown); // useful to see, but for its password
        } else if (key.environment == configkeys::smtpUrl().environment) {
            shown = mail::SmtpSettings::maskPassword(shown);
        } else if (key.secret && !shown.isEmpty()) {
            shown = QStringLiteral("********");
        }
        if (shown.isEmpty() && key.option == configkeys::dataDir().option)
            shown = ServerOptions::defaultDataDir();
        else if (shown.isEmpty() && key.option == configkeys::database().option)
            shown = QCoreApplication::translate(
                "ConfigurationReport", "an SQLite file in the data folder");
        if (shown.isEmpty())
            shown = QCoreApplication::translate("ConfigurationReport", "(none)");
        else if (shown.contains(QLatin1Char('\n')))
            shown = shown.section(QLatin1Char('\n'), 0, 0) + QStringLiteral(" …");
        lines << QStringLiteral("%1  %2  [%3]")
                     .arg(
                         nameOf(key).leftJustified(nameWidth), shown, whereFrom(key, value.source));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace frontline
