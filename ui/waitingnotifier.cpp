// SPDX-License-Identifier: GPL-3.0-or-later
#include "waitingnotifier.h"

#include <QGuiApplication>
#include <QPainter>
#include <QSystemTrayIcon>

namespace frontline::ui {

WaitingNotifier::WaitingNotifier(QObject *parent)
    : QObject(parent)
{
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
        if (m_waiting > 0)
            notify(tr("Customers are waiting"),
                tr("%n session(s) still waiting for an agent.", nullptr, m_waiting));
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
    if (count == 0)
        m_repeat.stop();
    else if (!m_repeat.isActive() && m_repeatEnabled)
        m_repeat.start();
}

void WaitingNotifier::sessionStartedWaiting(const QString &customer)
{
    m_newlyWaiting.append(customer);
    m_coalesce.start();
}

void WaitingNotifier::notifyNow()
{
    if (m_newlyWaiting.isEmpty())
        return;
    const QString message = m_newlyWaiting.size() == 1
        ? tr("%1 is waiting for an agent.").arg(m_newlyWaiting.first())
        : tr("%n customer(s) are waiting for an agent.", nullptr,
            static_cast<int>(m_newlyWaiting.size()));
    m_newlyWaiting.clear();
    notify(tr("A customer asks for a human"), message);
    if (m_repeatEnabled)
        m_repeat.start(); // the repeat counts from the latest notification
}

void WaitingNotifier::notify(const QString &title, const QString &message)
{
    // Freedesktop notification services, and Qt's own balloon where there is none, read the
    // body as markup: a customer named "<a href=...>" or "<img src=...>" would show as a link
    // or an image, or fetch one. Windows and macOS show it as plain text.
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
    const QString body = message;
#else
    const QString body = message.toHtmlEscaped();
#endif
    if (m_tray && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(title, body, QSystemTrayIcon::Information, 10000);
    Q_EMIT desktopNotified(title, body);
    Q_EMIT notified(title, message);
}

} // namespace frontline::ui
