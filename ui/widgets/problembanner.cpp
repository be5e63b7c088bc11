// SPDX-License-Identifier: GPL-3.0-or-later
#include "problembanner.h"

#include "icons.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace frontline::ui {

ProblemBanner::ProblemBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_retry(new QPushButton(tr("Retry"), this))
    , m_signIn(new QPushButton(tr("Sign in…"), this))
    , m_settings(new QPushButton(tr("Settings…"), this))
{
    setObjectName(QStringLiteral("problemBanner"));
    setAccessibleName(tr("Problem"));
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize));
    m_text->setObjectName(QStringLiteral("problemText"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    m_retry->setObjectName(QStringLiteral("problemRetry"));
    m_signIn->setObjectName(QStringLiteral("problemSignIn"));
    m_settings->setObjectName(QStringLiteral("problemSettings"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_retry);
    layout->addWidget(m_signIn);
    layout->addWidget(m_settings);
    connect(m_retry, &QPushButton::clicked, this, &ProblemBanner::retryClicked);
    connect(m_signIn, &QPushButton::clicked, this, &ProblemBanner::signInClicked);
    connect(m_settings, &QPushButton::clicked, this, &ProblemBanner::settingsClicked);
    applyIcons();
    hide();
}

void ProblemBanner::applyIcons()
{
    // Amber, text included, in a light and a dark variant: readable on either theme.
    const bool dark = QApplication::palette().color(QPalette::Window).lightness() < 128;
    const QString sheet
        = QStringLiteral("#problemBanner { background: %1; border: 1px solid #f59e0b; "
                         "border-radius: 4px; } #problemBanner QLabel { color: %2; }")
              .arg(dark ? QStringLiteral("#3b2f12") : QStringLiteral("#fef3c7"),
                  dark ? QStringLiteral("#fde68a") : QStringLiteral("#78350f"));
    if (styleSheet() != sheet) // (a new sheet is a palette change: no loop)
        setStyleSheet(sheet);
    m_retry->setIcon(icons::named(QStringLiteral("view-refresh"), palette()));
    m_signIn->setIcon(icons::named(QStringLiteral("im-user"), palette()));
    m_settings->setIcon(icons::named(QStringLiteral("configure"), palette()));
}

void ProblemBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyIcons();
    QFrame::changeEvent(event);
}

void ProblemBanner::showProblem(const QString &text, bool canRetry, bool canSignIn)
{
    m_text->setText(text);
    m_retry->setVisible(canRetry);
    m_signIn->setVisible(canSignIn);
    show();
}

void ProblemBanner::clear()
{
    m_text->clear();
    hide();
}

QString ProblemBanner::text() const
{
    return m_text->text(); // "" while hidden
}

} // namespace frontline::ui
