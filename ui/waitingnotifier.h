// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "desktopnotifications.h"

#include <QIcon>
#include <QList>
#include <QObject>
#include <QTimer>

class QSystemTrayIcon;

namespace frontline::ui {

// Never miss a customer: a desktop notification when a session starts waiting for a human,
// repeated while any is still unclaimed, and a tray icon counting them where the desktop has
// a tray. The notifications go to the desktop's notification service (DesktopNotifications),
// tray or not; the tray's balloon shows them only where that service is missing. Whatever
// the desktop, notified() tells the main window, which shows it in its status bar and asks for
// attention.
class WaitingNotifier final : public QObject
{
    Q_OBJECT
public:
    explicit WaitingNotifier(QObject *parent = nullptr); // the session bus's notifications
    // desktop: where the notifications go; it becomes this notifier's child.
    explicit WaitingNotifier(DesktopNotifications *desktop, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(WaitingNotifier)

    void setRepeatSeconds(int seconds); // 0: never repeat
    void setSoundEnabled(bool enabled);
    bool soundEnabled() const;
    int waitingCount() const { return m_waiting; }
    static QIcon iconWithCount(int count);

    void setWaitingCount(int count);
    void sessionStartedWaiting(const QString &customer);
    // reason: why the customer waits, a plain sentence ("asked for a human"); "" if unknown.
    void sessionStartedWaiting(const QString &customer, const QString &reason);

    // A note of `by` names the signed-in agent in the conversation with `customer`.
    void mentioned(const QString &by, const QString &customer);
    // The conversation with `customer` is this agent's now: `from` handed it over ("" when it
    // came from the queue: auto-assignment or an administrator).
    void transferredToMe(const QString &from, const QString &customer);

Q_SIGNALS:
    void notified(const QString &title, const QString &message); // plain text
    // The title, and the body escaped as a desktop that reads markup in it needs (the tray's
    // balloon on Linux), whether or not there is one to show them.
    void desktopNotified(const QString &title, const QString &body);
    void activated(); // the tray icon or the notification was clicked: show the console

private:
    struct Waiting
    {
        QString customer;
        QString reason;
    };

    void notifyNow();
    void notify(
        const QString &title, const QString &message, DesktopNotifications::Urgency urgency);
    void showInTray(const QString &title, const QString &message);

    DesktopNotifications *m_desktop;
    QSystemTrayIcon *m_tray = nullptr;
    int m_waiting = 0;
    QList<Waiting> m_newlyWaiting;
    QTimer m_coalesce; // several sessions starting to wait at once make one notification
    QTimer m_repeat;
    bool m_repeatEnabled = true;
};

} // namespace frontline::ui
