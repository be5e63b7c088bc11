// SPDX-License-Identifier: GPL-3.0-or-later
#include "waitingnotifier.h"

#include "desktopnotifications.h"

#include <QGuiApplication>
#include <QPainter>
#include <QSystemTrayIcon>

namespace frontline::ui {

namespace {

QString escapedForTheDesktop(const QString &message)
{
    // Qt's tray balloon on Linux (the freedesktop notification service, or a widget of its
    // own where there is none) reads the body as markup: a customer named "<a href=...>" or
    // "<img src=...>" would show as a link or an image, or fetch one. Windows and macOS show
    // it as plain text.
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
    return message;
#else
    return message.toHtmlEscaped();
#endif
}

} // namespace

WaitingNotifier::WaitingNotifier(QObject *parent)
    : WaitingNotifier(new DesktopNotifications, parent)
{
}

WaitingNotifier::WaitingNotifier(DesktopNotifications *desktop, QObject *parent)
    : QObject(parent)
    , m_desktop(desktop)
{
    m_desktop->setParent(this);
    connect(m_desktop, &DesktopNotifications::activated, this, &WaitingNotifier::activated);
    connect(m_desktop, &DesktopNotifications::notDelivered, this, &WaitingNotifier::showInTray);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(iconWithCount(0), this);
        m_tray->setToolTip(tr("Frontline: no session is waiting"));
        connect(m_tray, &QSystemTrayIcon::activated, this, [this] { Q_EMIT activated(); });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] { Q_EMIT activated(); });
        m_tray->show();
    }
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(400);
    connect(&m_coalesce, &QTimer::timeout, this, &WaitingNotifier::notifyNow);
    connect(&m_repeat, &QTimer::timeout, this, [this] {
        // Still unclaimed after a notification: critical, which the desktop keeps on screen
        // until the agent acts. It replaces the first, and goes when nobody waits any more.
        if (m_waiting > 0)
            notify(tr("Customers are waiting"),
                tr("%n session(s) still waiting for an agent.", nullptr, m_waiting),
                DesktopNotifications::Urgency::Critical);
    });
    setRepeatSeconds(120);
}

void WaitingNotifier::setRepeatSeconds(int seconds)
{
    m_repeatEnabled = seconds > 0;
    m_repeat.setInterval(std::max(seconds, 1) * 1000);
    if (!m_repeatEnabled)
        m_repeat.stop();
    else if (m_waiting > 0)
        m_repeat.start();
}

void WaitingNotifier::setSoundEnabled(bool enabled)
{
    m_desktop->setSoundEnabled(enabled);
}

bool WaitingNotifier::soundEnabled() const
{
    return m_desktop->soundEnabled();
}

QIcon WaitingNotifier::iconWithCount(int count)
{
    QPixmap pixmap(64, 64);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(QColor(0x25, 0x63, 0xeb));
    painter.setPen(Qt::NoPen);
    painter.drawRoundedRect(QRectF(4, 8, 56, 40), 10, 10);
    painter.drawPolygon(QPolygonF({ QPointF(14, 46), QPointF(30, 46), QPointF(14, 60) }));
    if (count > 0) {
        painter.setBrush(QColor(0xdc, 0x26, 0x26));
        painter.drawEllipse(QRectF(30, 0, 34, 34));
        painter.setPen(Qt::white);
        QFont font = painter.font();
        font.setBold(true);
        font.setPixelSize(count > 9 ? 16 : 22);
        painter.setFont(font);
        painter.drawText(QRectF(30, 0, 34, 34), Qt::AlignCenter,
            count > 99 ? QStringLiteral("99+") : QString::number(count));
    }
    return QIcon(pixmap);
}

void WaitingNotifier::setWaitingCount(int count)
{
    m_waiting = count;
    if (m_tray) {
        m_tray->setIcon(iconWithCount(count));
        m_tray->setToolTip(count == 0
                ? tr("Frontline: no session is waiting")
                : tr("Frontline: %n session(s) waiting for an agent", nullptr, count));
    }
    if (count == 0) {
        m_repeat.stop();
        m_desktop->withdraw(); // else a critical "still waiting" stays on screen, untrue
    } else if (!m_repeat.isActive() && m_repeatEnabled) {
        m_repeat.start();
    }
}

void WaitingNotifier::sessionStartedWaiting(const QString &customer)
{
    sessionStartedWaiting(customer, QString());
}

void WaitingNotifier::sessionStartedWaiting(const QString &customer, const QString &reason)
{
    m_newlyWaiting.append({ customer, reason });
    m_coalesce.start();
}

void WaitingNotifier::notifyNow()
{
    if (m_newlyWaiting.isEmpty())
        return;
    QString message;
    if (m_newlyWaiting.size() > 1)
        message = tr("%n customer(s) are waiting for an agent.", nullptr,
            static_cast<int>(m_newlyWaiting.size()));
    else if (const Waiting &waiting = m_newlyWaiting.first(); waiting.reason.isEmpty())
        message = tr("%1 is waiting for an agent.").arg(waiting.customer);
    else
        message = tr("%1 is waiting for an agent: %2.").arg(waiting.customer, waiting.reason);
    m_newlyWaiting.clear();
    notify(tr("A customer asks for a human"), message, DesktopNotifications::Urgency::Normal);
    if (m_repeatEnabled)
        m_repeat.start(); // the repeat counts from the latest notification
}

void WaitingNotifier::mentioned(const QString &by, const QString &customer)
{
    notify(tr("%1 mentioned you in a note").arg(by),
        tr("In the conversation with %1.").arg(customer), DesktopNotifications::Urgency::Normal);
}

void WaitingNotifier::transferredToMe(const QString &from, const QString &customer)
{
    notify(from.isEmpty() ? tr("A conversation was assigned to you")
                          : tr("%1 transferred a conversation to you").arg(from),
        tr("%1 is yours now.").arg(customer), DesktopNotifications::Urgency::Normal);
}

void WaitingNotifier::notify(
    const QString &title, const QString &message, DesktopNotifications::Urgency urgency)
{
    m_desktop->show(title, message, urgency);
    Q_EMIT desktopNotified(title, escapedForTheDesktop(message));
    Q_EMIT notified(title, message);
}

void WaitingNotifier::showInTray(const QString &title, const QString &message)
{
    if (m_tray && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(
            title, escapedForTheDesktop(message), QSystemTrayIcon::Information, 10000);
}

} // namespace frontline::ui
