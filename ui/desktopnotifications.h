// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#ifdef FRONTLINE_HAS_DBUS
#include <QDBusConnection>
#endif

#include <optional>

namespace frontline::ui {

// The desktop's own notifications: org.freedesktop.Notifications over D-Bus, which GNOME,
// KDE, XFCE and dunst all serve, with or without a tray. Plain text goes in; the body is
// escaped when the server says it reads markup in it ("body-markup"), and sent as is when not,
// so a customer's name never becomes a link or an image. Each notification replaces this
// console's previous one rather than piling up beside it. Every call is asynchronous: a slow
// or hung notification server never blocks the GUI thread.
// Without D-Bus (Windows, macOS), or when no server takes a notification, notDelivered() hands
// it back for the caller to show another way.
class DesktopNotifications final : public QObject
{
    Q_OBJECT
public:
    enum class Urgency : uchar { Normal = 1, Critical = 2 }; // the specification's byte values

    explicit DesktopNotifications(QObject *parent = nullptr); // on the session bus
#ifdef FRONTLINE_HAS_DBUS
    explicit DesktopNotifications(const QDBusConnection &bus, QObject *parent = nullptr);
#endif
    Q_DISABLE_COPY_MOVE(DesktopNotifications)

    // Asks the server for the desktop's "new message" sound with each notification, or beeps
    // where the server plays none.
    void setSoundEnabled(bool enabled)
    {
        m_sound = enabled;
    }
    bool soundEnabled() const
    {
        return m_sound;
    }

    // Plain text, never markup: the summary and the body show as given.
    void show(const QString &summary, const QString &body, Urgency urgency);
    // Takes the notification off the desktop: what it announced is over.
    void withdraw();

Q_SIGNALS:
    void activated(); // the agent clicked the notification: show the console
    void notDelivered(const QString &summary, const QString &body);

private:
    struct Notification
    {
        QString summary;
        QString body;
        Urgency urgency;
    };

    void sendPending();
    void askCapabilities();
    void send(const Notification &notification);
    void fail(const Notification &notification, const QString &error);
    void playFallbackSound() const;
    Q_SLOT void onActionInvoked(uint id, const QString &action);
    Q_SLOT void onClosed(uint id, uint reason);

#ifdef FRONTLINE_HAS_DBUS
    QDBusConnection m_bus;
#endif
    std::optional<QStringList> m_capabilities; // asked once, again after a failure
    std::optional<Notification> m_pending; // the latest not yet sent: older ones are moot
    bool m_busy = false; // one call at a time, so each Notify knows the id it replaces
    uint m_shownId = 0; // the one on the desktop, which the next replaces; 0: none
    bool m_withdrawWhenSent = false; // withdraw() came while a Notify was on its way
    bool m_sound = false;
    bool m_warned = false;
};

} // namespace frontline::ui
