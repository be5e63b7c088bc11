// SPDX-License-Identifier: GPL-3.0-or-later
#include "desktopnotifications.h"

#include <QApplication>
#include <QLoggingCategory>
#include <QVariantMap>

#ifdef FRONTLINE_HAS_DBUS
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#endif

#include <utility>

namespace frontline::ui {

namespace {

Q_LOGGING_CATEGORY(lcNotifications, "frontline.console.notifications")

#ifdef FRONTLINE_HAS_DBUS
// The Desktop Notifications Specification, version 1.2.
const QString Service = QStringLiteral("org.freedesktop.Notifications");
const QString Path = QStringLiteral("/org/freedesktop/Notifications");
const QString Interface = QStringLiteral("org.freedesktop.Notifications");
// The basename of packaging/linux/org.frontline.Frontline.desktop, which is also the name of
// the installed icon: the desktop shows the console's name and icon, and its own settings for
// the console's notifications, by it.
const QString AppId = QStringLiteral("org.frontline.Frontline");
const QString DefaultAction = QStringLiteral("default"); // a click on the notification itself
#endif

} // namespace

#ifdef FRONTLINE_HAS_DBUS

DesktopNotifications::DesktopNotifications(QObject *parent)
    : DesktopNotifications(QDBusConnection::sessionBus(), parent)
{
}

DesktopNotifications::DesktopNotifications(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{
    m_bus.connect(Service, Path, Interface, QStringLiteral("ActionInvoked"), this,
        SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(Service, Path, Interface, QStringLiteral("NotificationClosed"), this,
        SLOT(onClosed(uint, uint)));
    // Now, so that the first notification does not wait for them.
    askCapabilities();
}

#else

DesktopNotifications::DesktopNotifications(QObject *parent)
    : QObject(parent)
{
}

#endif

void DesktopNotifications::show(const QString &summary, const QString &body, Urgency urgency)
{
    m_pending = Notification { summary, body, urgency };
    m_withdrawWhenSent = false;
    sendPending();
}

void DesktopNotifications::withdraw()
{
    m_pending.reset();
    if (m_busy) {
        m_withdrawWhenSent = true;
        return;
    }
    if (m_shownId == 0)
        return;
#ifdef FRONTLINE_HAS_DBUS
    // Its answer says nothing worth waiting for: the server closes it, or it was gone.
    QDBusMessage close = QDBusMessage::createMethodCall(
        Service, Path, Interface, QStringLiteral("CloseNotification"));
    close << m_shownId;
    m_bus.send(close);
#endif
    m_shownId = 0;
}

void DesktopNotifications::sendPending()
{
    if (!m_pending || m_busy)
        return;
#ifdef FRONTLINE_HAS_DBUS
    if (!m_capabilities) {
        askCapabilities(); // sends the pending one once they are known
        return;
    }
    send(*std::exchange(m_pending, std::nullopt));
#else
    fail(*std::exchange(m_pending, std::nullopt), QStringLiteral("this build has no D-Bus"));
#endif
}

void DesktopNotifications::askCapabilities()
{
#ifdef FRONTLINE_HAS_DBUS
    if (!m_bus.isConnected()) {
        // No session bus at all (a bare X session, ssh): no call would ever be answered.
        if (m_pending)
            fail(*std::exchange(m_pending, std::nullopt), m_bus.lastError().message());
        return;
    }
    m_busy = true;
    const QDBusMessage call = QDBusMessage::createMethodCall(
        Service, Path, Interface, QStringLiteral("GetCapabilities"));
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_busy = false;
        const QDBusPendingReply<QStringList> reply = *watcher;
        if (reply.isError()) {
            if (m_pending)
                fail(*std::exchange(m_pending, std::nullopt), reply.error().message());
            return; // asked again with the next notification: a server may have started
        }
        m_capabilities = reply.value();
        qCDebug(lcNotifications) << "notification server capabilities:" << *m_capabilities;
        sendPending();
    });
#endif
}

void DesktopNotifications::send(const Notification &notification)
{
#ifdef FRONTLINE_HAS_DBUS
    // A server that reads markup in the body (the specification's <b>, <i>, <u>, <a>, <img>)
    // would show a customer named "<a href=...>" as a link and fetch an "<img src=...>". The
    // summary is plain text by the specification, whatever the server.
    const bool readsMarkup = m_capabilities->contains(QStringLiteral("body-markup"));
    const QString body = readsMarkup ? notification.body.toHtmlEscaped() : notification.body;
    QVariantMap hints {
        { QStringLiteral("urgency"),
            QVariant::fromValue(static_cast<uchar>(notification.urgency)) },
        { QStringLiteral("category"), QStringLiteral("im.received") },
        { QStringLiteral("desktop-entry"), AppId },
    };
    if (m_sound)
        hints.insert(QStringLiteral("sound-name"), QStringLiteral("message-new-instant"));
    const QStringList actions { DefaultAction, tr("Open") };
    QDBusMessage call
        = QDBusMessage::createMethodCall(Service, Path, Interface, QStringLiteral("Notify"));
    call << QStringLiteral("Frontline") << m_shownId << AppId << notification.summary << body
         << actions << hints << -1; // the server's own display time
    m_busy = true;
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, notification] {
        watcher->deleteLater();
        m_busy = false;
        const QDBusPendingReply<uint> reply = *watcher;
        if (reply.isError()) {
            m_capabilities.reset(); // perhaps another server by the next one
            m_shownId = 0;
            fail(notification, reply.error().message());
        } else {
            m_shownId = reply.value();
            if (m_sound && !m_capabilities->contains(QStringLiteral("sound")))
                playFallbackSound();
        }
        if (std::exchange(m_withdrawWhenSent, false))
            withdraw();
        sendPending();
    });
#else
    Q_UNUSED(notification)
#endif
}

void DesktopNotifications::fail(const Notification &notification, const QString &error)
{
    // Once: without a notification server the console still alerts in its window, and a
    // warning every two minutes would say nothing new.
    if (!std::exchange(m_warned, true))
        qCWarning(lcNotifications).noquote()
            << "No desktop notification service took the notification:" << error;
    if (m_sound)
        playFallbackSound();
    Q_EMIT notDelivered(notification.summary, notification.body);
}

void DesktopNotifications::playFallbackSound() const
{
    QApplication::beep();
}

void DesktopNotifications::onActionInvoked(uint id, const QString &action)
{
#ifdef FRONTLINE_HAS_DBUS
    // Every application's clicks are broadcast: only this console's notification counts.
    if (id != 0 && id == m_shownId && action == DefaultAction)
        Q_EMIT activated();
#else
    Q_UNUSED(id)
    Q_UNUSED(action)
#endif
}

void DesktopNotifications::onClosed(uint id, uint reason)
{
    Q_UNUSED(reason) // expired, dismissed or closed: in every case there is nothing to replace
    if (id != 0 && id == m_shownId)
        m_shownId = 0;
}

} // namespace frontline::ui
