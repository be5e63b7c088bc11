// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "idlesource.h"

#include <QElapsedTimer>

#ifdef FRONTLINE_HAS_DBUS
#include <QDBusConnection>
#endif

namespace frontline::ui {

// The desktop session's idle time over D-Bus: GNOME's org.gnome.Mutter.IdleMonitor
// (GetIdletime), else the freedesktop screensaver's GetSessionIdleTime (KDE and others), else,
// where neither answers (another desktop, no session bus), the time since the console's own
// last keyboard or mouse input, which misses work in other windows but never calls an agent
// typing in the console idle. The answer never waits for the bus on the GUI thread.
class DesktopIdleSource final : public IdleSource
{
    Q_OBJECT
public:
    explicit DesktopIdleSource(QObject *parent = nullptr);
#ifdef FRONTLINE_HAS_DBUS
    DesktopIdleSource(QDBusConnection bus, QObject *parent = nullptr);
#endif

    void ask() override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Service { Mutter, ScreenSaver, None };
    void askService(Service service);
    void answerFromConsoleInput();

    QElapsedTimer m_sinceInput; // the console's own last input
#ifdef FRONTLINE_HAS_DBUS
    QDBusConnection m_bus;
#endif
    Service m_service = Service::Mutter; // the first to try; the next when it does not answer
};

} // namespace frontline::ui
