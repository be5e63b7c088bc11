// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "presence/consolepresence.h"

#include <QToolButton>

class QAction;

namespace frontline::ui {

// The agent's own presence in the status bar: a dot and "Online" or "Away" ("Away (idle)"
// when the console set it), and a menu to set it by hand.
class PresenceButton final : public QToolButton
{
    Q_OBJECT
public:
    PresenceButton(ConsolePresence &presence, QWidget *parent = nullptr);

    QAction *onlineAction() const { return m_online; }
    QAction *awayAction() const { return m_away; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void showState();

    ConsolePresence &m_presence;
    QAction *m_online;
    QAction *m_away;
};

} // namespace frontline::ui
