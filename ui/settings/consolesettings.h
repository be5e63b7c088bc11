// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cannedresponse.h"

#include <QList>
#include <QString>
#include <QUrl>

class QSettings;

namespace frontline::ui {

// The console's own preferences, in the same settings file as the server's (QSettings in the
// platform's usual place). Never a secret: the agent token and the provider key live in the
// keychain.
class ConsoleSettings final
{
public:
    explicit ConsoleSettings(QSettings &settings);

    // The console's own canned responses, from before the server kept them (the defaults when
    // the file has none): offered until an administrator's console moved them to the server.
    QList<CannedResponse> cannedResponses() const;
    void setCannedResponses(const QList<CannedResponse> &responses);
    static QList<CannedResponse> defaultCannedResponses();
    // Whether they were uploaded to the server (by this console, as an administrator's): from
    // then on only the server's are offered.
    bool cannedResponsesMigrated() const;
    void setCannedResponsesMigrated(bool migrated);

    // How often a desktop notification repeats while a session waits unclaimed; 0: never.
    int notificationRepeatSeconds() const;
    void setNotificationRepeatSeconds(int seconds);

    // After how many minutes a waiting customer's row turns amber, then red.
    int waitAmberMinutes() const;
    void setWaitAmberMinutes(int minutes);
    int waitRedMinutes() const; // never below the amber one
    void setWaitRedMinutes(int minutes);
    // Idle minutes of the desktop session after which the agent shows as away (default 10;
    // 0: never by itself).
    int awayAfterIdleMinutes() const;
    void setAwayAfterIdleMinutes(int minutes);
    // Whether notifications come with the desktop's "new message" sound; off by default.
    bool notificationSound() const;
    void setNotificationSound(bool enabled);

    // Empty for the embedded backend; else the remote Frontline server the console uses.
    QUrl remoteServer() const;
    void setRemoteServer(const QUrl &url);

    QString language() const; // "" follows the system; "en", "fr"
    void setLanguage(const QString &language);
    // "desktop" (the desktop's light or dark preference), "light" or "dark".
    QString appearance() const;
    void setAppearance(const QString &appearance);

private:
    QSettings &m_settings;
};

} // namespace frontline::ui
