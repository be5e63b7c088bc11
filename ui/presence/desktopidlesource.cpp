// SPDX-License-Identifier: GPL-3.0-or-later
#include "desktopidlesource.h"

#include <QCoreApplication>
#include <QEvent>

#ifdef FRONTLINE_HAS_DBUS
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#endif

namespace frontline::ui {

DesktopIdleSource::DesktopIdleSource(QObject *parent)
#ifdef FRONTLINE_HAS_DBUS
    : DesktopIdleSource(QDBusConnection::sessionBus(), parent)
{
}

DesktopIdleSource::DesktopIdleSource(QDBusConnection bus, QObject *parent)
    : IdleSource(parent)
    , m_bus(std::move(bus))
#else
    : IdleSource(parent)
#endif
{
    m_sinceInput.start();
    QCoreApplication::instance()->installEventFilter(this);
#ifndef FRONTLINE_HAS_DBUS
    m_service = Service::None;
#endif
}

void DesktopIdleSource::ask()
{
    askService(m_service);
}

void DesktopIdleSource::askService(Service service)
{
#ifdef FRONTLINE_HAS_DBUS
    if (service != Service::None && m_bus.isConnected()) {
        const QDBusMessage call = service == Service::Mutter
            ? QDBusMessage::createMethodCall(QStringLiteral("org.gnome.Mutter.IdleMonitor"),
                QStringLiteral("/org/gnome/Mutter/IdleMonitor/Core"),
                QStringLiteral("org.gnome.Mutter.IdleMonitor"), QStringLiteral("GetIdletime"))
            : QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.ScreenSaver"),
                QStringLiteral("/org/freedesktop/ScreenSaver"),
                QStringLiteral("org.freedesktop.ScreenSaver"),
                QStringLiteral("GetSessionIdleTime"));
        auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, 2000), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, service](QDBusPendingCallWatcher *finished) {
                finished->deleteLater();
                const QDBusMessage reply = finished->reply();
                if (reply.type() == QDBusMessage::ReplyMessage && !reply.arguments().isEmpty()) {
                    // Both say milliseconds (Mutter as a uint64, the screensaver as a uint32).
                    bool ok = false;
                    const qulonglong idle = reply.arguments().constFirst().toULongLong(&ok);
                    if (ok) {
                        m_service = service;
                        Q_EMIT idleTimeRead(std::chrono::milliseconds(qint64(idle)));
                        return;
                    }
                }
                // That one is not there: the next, from now on.
                m_service = service == Service::Mutter ? Service::ScreenSaver : Service::None;
                askService(m_service);
            });
        return;
    }
#else
    Q_UNUSED(service)
#endif
    answerFromConsoleInput();
}

void DesktopIdleSource::answerFromConsoleInput()
{
    Q_EMIT idleTimeRead(std::chrono::milliseconds(m_sinceInput.elapsed()));
}

bool DesktopIdleSource::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
        m_sinceInput.restart();
        break;
    default:
        break;
    }
    return IdleSource::eventFilter(watched, event);
}

} // namespace frontline::ui
