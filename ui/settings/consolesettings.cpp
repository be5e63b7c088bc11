// SPDX-License-Identifier: GPL-3.0-or-later
#include "consolesettings.h"

#include <QCoreApplication>
#include <QSettings>

namespace frontline::ui {

namespace {

const QString CannedGroup = QStringLiteral("console/cannedResponses");
const QString CannedMigratedKey = QStringLiteral("console/cannedResponsesMigrated");
const QString RepeatKey = QStringLiteral("console/notificationRepeatSeconds");
const QString SoundKey = QStringLiteral("console/notificationSound");
const QString RemoteKey = QStringLiteral("console/remoteServer");
const QString LanguageKey = QStringLiteral("console/language");
const QString AppearanceKey = QStringLiteral("console/appearance");
const QString WaitAmberKey = QStringLiteral("console/waitAmberMinutes");
const QString WaitRedKey = QStringLiteral("console/waitRedMinutes");
const QString AwayAfterIdleKey = QStringLiteral("console/awayAfterIdleMinutes");
constexpr int DefaultRepeatSeconds = 120;
constexpr int DefaultWaitAmberMinutes = 2;
constexpr int DefaultWaitRedMinutes = 5;
constexpr int DefaultAwayAfterIdleMinutes = 10;

} // namespace

ConsoleSettings::ConsoleSettings(QSettings &settings)
    : m_settings(settings)
{
}

QList<CannedResponse> ConsoleSettings::defaultCannedResponses()
{
    return {
        { QStringLiteral("hello"),
            QCoreApplication::translate("ConsoleSettings",
                "Hello, I am taking over from the assistant. How can I help you?") },
        { QStringLiteral("wait"),
            QCoreApplication::translate(
                "ConsoleSettings", "Thank you for your patience, I am looking into it.") },
        { QStringLiteral("thanks"),
            QCoreApplication::translate("ConsoleSettings",
                "Thank you for contacting us. Is there anything else I can do for you?") },
        { QStringLiteral("bye"),
            QCoreApplication::translate(
                "ConsoleSettings", "Have a nice day! This conversation will now be closed.") },
    };
}

QList<CannedResponse> ConsoleSettings::cannedResponses() const
{
    if (!m_settings.contains(CannedGroup + QStringLiteral("/size")))
        return defaultCannedResponses();
    QList<CannedResponse> responses;
    const int size = m_settings.beginReadArray(CannedGroup);
    for (int i = 0; i < size; ++i) {
        m_settings.setArrayIndex(i);
        responses.append({ m_settings.value(QStringLiteral("shortcut")).toString(),
            m_settings.value(QStringLiteral("text")).toString() });
    }
    m_settings.endArray();
    return responses;
}

bool ConsoleSettings::cannedResponsesMigrated() const
{
    return m_settings.value(CannedMigratedKey, false).toBool();
}

void ConsoleSettings::setCannedResponsesMigrated(bool migrated)
{
    m_settings.setValue(CannedMigratedKey, migrated);
}

void ConsoleSettings::setCannedResponses(const QList<CannedResponse> &responses)
{
    m_settings.remove(CannedGroup);
    m_settings.beginWriteArray(CannedGroup, static_cast<int>(responses.size()));
    for (int i = 0; i < responses.size(); ++i) {
        m_settings.setArrayIndex(i);
        m_settings.setValue(QStringLiteral("shortcut"), responses.at(i).shortcut);
        m_settings.setValue(QStringLiteral("text"), responses.at(i).text);
    }
    m_settings.endArray();
}

int ConsoleSettings::notificationRepeatSeconds() const
{
    bool ok = false;
    const int seconds = m_settings.value(RepeatKey, DefaultRepeatSeconds).toInt(&ok);
    return ok && seconds >= 0 ? seconds : DefaultRepeatSeconds;
}

void ConsoleSettings::setNotificationRepeatSeconds(int seconds)
{
    m_settings.setValue(RepeatKey, seconds);
}

int ConsoleSettings::waitAmberMinutes() const
{
    bool ok = false;
    const int minutes = m_settings.value(WaitAmberKey, DefaultWaitAmberMinutes).toInt(&ok);
    return ok && minutes > 0 ? minutes : DefaultWaitAmberMinutes;
}

void ConsoleSettings::setWaitAmberMinutes(int minutes)
{
    m_settings.setValue(WaitAmberKey, minutes);
}

int ConsoleSettings::waitRedMinutes() const
{
    bool ok = false;
    const int minutes = m_settings.value(WaitRedKey, DefaultWaitRedMinutes).toInt(&ok);
    return std::max(ok && minutes > 0 ? minutes : DefaultWaitRedMinutes, waitAmberMinutes());
}

void ConsoleSettings::setWaitRedMinutes(int minutes)
{
    m_settings.setValue(WaitRedKey, minutes);
}

int ConsoleSettings::awayAfterIdleMinutes() const
{
    bool ok = false;
    const int minutes = m_settings.value(AwayAfterIdleKey, DefaultAwayAfterIdleMinutes).toInt(&ok);
    return ok && minutes >= 0 ? minutes : DefaultAwayAfterIdleMinutes;
}

void ConsoleSettings::setAwayAfterIdleMinutes(int minutes)
{
    m_settings.setValue(AwayAfterIdleKey, minutes);
}

bool ConsoleSettings::notificationSound() const
{
    return m_settings.value(SoundKey, false).toBool();
}

void ConsoleSettings::setNotificationSound(bool enabled)
{
    m_settings.setValue(SoundKey, enabled);
}

QUrl ConsoleSettings::remoteServer() const
{
    return QUrl(m_settings.value(RemoteKey).toString());
}

void ConsoleSettings::setRemoteServer(const QUrl &url)
{
    if (url.isEmpty())
        m_settings.remove(RemoteKey);
    else
        m_settings.setValue(RemoteKey, url.toString());
}

QString ConsoleSettings::language() const
{
    return m_settings.value(LanguageKey).toString();
}

void ConsoleSettings::setLanguage(const QString &language)
{
    m_settings.setValue(LanguageKey, language);
}

QString ConsoleSettings::appearance() const
{
    const QString appearance = m_settings.value(AppearanceKey).toString();
    return appearance == QLatin1String("light") || appearance == QLatin1String("dark")
        ? appearance
        : QStringLiteral("desktop");
}

void ConsoleSettings::setAppearance(const QString &appearance)
{
    m_settings.setValue(AppearanceKey, appearance);
}

} // namespace frontline::ui
