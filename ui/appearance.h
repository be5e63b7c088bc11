// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPalette>

#include <optional>

#ifdef FRONTLINE_HAS_DBUS
#include <QDBusConnection>
#include <QDBusMessage>
#endif

namespace frontline::ui {

// Light or dark: as the agent chose in the settings, or as the desktop prefers. The desktop's
// preference is the XDG desktop portal's org.freedesktop.appearance color-scheme (which GNOME,
// KDE and others publish), read over D-Bus and followed while the console runs. Qt 6.4 does
// not read it itself (QStyleHints::colorScheme came in 6.5). Without a portal, the platform's
// own palette decides.
class Appearance final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Appearance)
public:
    enum class Scheme { Desktop, Light, Dark };

#ifdef FRONTLINE_HAS_DBUS
    // Asks the portal on `bus` (the session bus; the tests give a private one).
    explicit Appearance(const QDBusConnection &bus, QObject *parent = nullptr);
#endif
    explicit Appearance(QObject *parent = nullptr); // the platform's palette only

    // Applies it to the application at once: its palette, and its style when dark.
    void setScheme(Scheme scheme);
    Scheme scheme() const
    {
        return m_scheme;
    }
    bool isDark() const
    {
        return m_dark;
    }
    // What the portal said: dark, light, or nothing (no portal, or no preference).
    std::optional<bool> desktopPrefersDark() const
    {
        return m_desktopPrefersDark;
    }

    static QPalette darkPalette();
    static QString nameOf(Scheme scheme); // "desktop", "light", "dark": as the settings keep it
    static Scheme schemeNamed(const QString &name); // anything else is Desktop

Q_SIGNALS:
    void darkChanged(bool dark);
    void desktopPreferenceRead(); // the portal answered (or has no answer)

private:
#ifdef FRONTLINE_HAS_DBUS
private Q_SLOTS:
    // org.freedesktop.portal.Settings.SettingChanged(group, key, value): the desktop switched.
    void portalSettingChanged(const QDBusMessage &message);

private:
    void readPortal();
    QDBusConnection m_bus;
#endif
    void setDesktopPreference(const QVariant &colorScheme);
    void apply();

    Scheme m_scheme = Scheme::Desktop;
    std::optional<bool> m_desktopPrefersDark;
    bool m_dark = false;
    QString m_platformStyle; // the style to go back to from dark
    QPalette m_platformPalette;
};

} // namespace frontline::ui
