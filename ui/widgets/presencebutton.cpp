// SPDX-License-Identifier: GPL-3.0-or-later
#include "presencebutton.h"

#include <QActionGroup>
#include <QEvent>
#include <QMenu>

namespace frontline::ui {

PresenceButton::PresenceButton(ConsolePresence &presence, QWidget *parent)
    : QToolButton(parent)
    , m_presence(presence)
    , m_online(new QAction(this))
    , m_away(new QAction(this))
{
    setObjectName(QStringLiteral("presence"));
    setAutoRaise(true);
    setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(this);
    auto *group = new QActionGroup(this);
    for (QAction *action : { m_online, m_away }) {
        action->setCheckable(true);
        group->addAction(action);
        menu->addAction(action);
    }
    m_online->setObjectName(QStringLiteral("presenceOnline"));
    m_away->setObjectName(QStringLiteral("presenceAway"));
    setMenu(menu);
    connect(m_online, &QAction::triggered, this, [this] { m_presence.setAwayByHand(false); });
    connect(m_away, &QAction::triggered, this, [this] { m_presence.setAwayByHand(true); });
    connect(&m_presence, &ConsolePresence::stateChanged, this, &PresenceButton::showState);
    showState();
}

void PresenceButton::showState()
{
    m_online->setText(tr("Online"));
    m_away->setText(tr("Away"));
    const ConsolePresence::State state = m_presence.state();
    (state == ConsolePresence::State::Online ? m_online : m_away)->setChecked(true);
    // A dot of its own colour and a word: presence never rests on colour alone.
    switch (state) {
    case ConsolePresence::State::Online:
        setText(QStringLiteral("\U0001F7E2 ") + tr("Online"));
        break;
    case ConsolePresence::State::AwayByHand:
        setText(QStringLiteral("\U0001F7E0 ") + tr("Away"));
        break;
    case ConsolePresence::State::AwayIdle:
        //: The console set the agent away after idle minutes
        setText(QStringLiteral("\U0001F7E0 ") + tr("Away (idle)"));
        break;
    }
    setToolTip(tr("Your presence, as the team sees it: set it here"));
}

void PresenceButton::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        showState();
    QToolButton::changeEvent(event);
}

} // namespace frontline::ui
