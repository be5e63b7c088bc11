// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIcon>
#include <QObject>
#include <QStringList>
#include <QTimer>

class QSystemTrayIcon;

namespace frontline::ui {

// Never miss a customer: a tray icon showing how many sessions wait for a human, and a
// desktop notification when one starts waiting, repeated while any is still unclaimed.
// Where the desktop has no tray, the notification still goes out through notified() (the
// main window shows it in its status bar and asks for attention).
class WaitingNotifier final : public QObject
{
    Q_OBJECT
public:
    explicit WaitingNotifier(QObject *parent = nullptr);

    void setRepeatSeconds(int seconds); // 0: never repeat
    int waitingCount() const { return m_waiting; }
    static QIcon iconWithCount(int count);

    void setWaitingCount(int count);
    void sessionStartedWaiting(const QString &customer);

Q_SIGNALS:
    void notified(const QString &title, const QString &message); // plain text
    // The title and body as given to the desktop (its tray, or its notification service),
    // whether or not there is one to show them.
    void desktopNotified(const QString &title, const QString &body);
    void activated(); // the tray icon was clicked: show the console

private:
    void notifyNow();
    void notify(const QString &title, const QString &message);

    QSystemTrayIcon *m_tray = nullptr;
    int m_waiting = 0;
    QStringList m_newlyWaiting;
    QTimer m_coalesce; // several sessions starting to wait at once make one notification
    QTimer m_repeat;
    bool m_repeatEnabled = true;
};

} // namespace frontline::ui
