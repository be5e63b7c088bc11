// SPDX-License-Identifier: GPL-3.0-or-later
#include "waitingbanner.h"

#include "icons.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

namespace frontline::ui {

WaitingBanner::WaitingBanner(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_open(new QPushButton(this))
    , m_dismiss(new QToolButton(this))
{
    setObjectName(QStringLiteral("waitingBanner"));
    setAccessibleName(tr("Customer waiting"));
    m_text->setObjectName(QStringLiteral("waitingText"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    m_open->setObjectName(QStringLiteral("waitingOpen"));
    m_dismiss->setObjectName(QStringLiteral("waitingDismiss"));
    m_dismiss->setAutoRaise(true);
    m_dismiss->setText(QStringLiteral("\u2715"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_open);
    layout->addWidget(m_dismiss);
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QString id = m_sessionId;
        dismiss();
        Q_EMIT openClicked(id);
    });
    connect(m_dismiss, &QToolButton::clicked, this, &WaitingBanner::dismiss);
    showText();
    hide();
}

void WaitingBanner::showCustomer(
    const QString &sessionId, const QString &customer, const QString &reason, int waiting)
{
    m_sessionId = sessionId;
    m_customer = customer;
    m_reason = reason;
    m_transfer.clear();
    m_waiting = waiting;
    showText();
    show();
}

void WaitingBanner::showTransfer(const QString &sessionId, const QString &text)
{
    m_sessionId = sessionId;
    m_transfer = text;
    showText();
    show();
}

void WaitingBanner::setWaitingCount(int waiting)
{
    m_waiting = waiting;
    if (waiting == 0 && m_transfer.isEmpty())
        dismiss();
    else
        showText();
}

void WaitingBanner::sessionOpened(const QString &sessionId)
{
    if (!m_sessionId.isEmpty() && sessionId == m_sessionId)
        dismiss();
}

QString WaitingBanner::text() const
{
    return isVisible() ? m_text->text() : QString();
}

void WaitingBanner::dismiss()
{
    m_sessionId.clear();
    m_transfer.clear();
    hide();
}

void WaitingBanner::showText()
{
    QString text = m_reason.isEmpty()
        ? tr("%1 is waiting for an agent.").arg(m_customer)
        : tr("%1 is waiting for an agent: %2.").arg(m_customer, m_reason);
    if (m_waiting > 1)
        text += QLatin1Char(' ') + tr("%n customers are waiting in all.", nullptr, m_waiting);
    if (!m_transfer.isEmpty())
        text = m_transfer;
    m_text->setText(text);
    // Blue, not the problem banner's amber: news, not trouble; a light and a dark variant.
    const bool dark = QApplication::palette().color(QPalette::Window).lightness() < 128;
    const QString sheet
        = QStringLiteral("#waitingBanner { background: %1; border: 1px solid #3b82f6; "
                         "border-radius: 4px; } #waitingBanner QLabel, #waitingBanner QToolButton "
                         "{ color: %2; }")
              .arg(dark ? QStringLiteral("#172554") : QStringLiteral("#dbeafe"),
                  dark ? QStringLiteral("#bfdbfe") : QStringLiteral("#1e3a8a"));
    if (styleSheet() != sheet) // (a new sheet is a palette change: no loop)
        setStyleSheet(sheet);
    m_open->setText(tr("Open"));
    m_open->setIcon(icons::named(QStringLiteral("go-next"), palette()));
    m_dismiss->setToolTip(tr("Dismiss"));
    m_dismiss->setAccessibleName(tr("Dismiss"));
}

void WaitingBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::PaletteChange)
        showText();
    QFrame::changeEvent(event);
}

} // namespace frontline::ui
