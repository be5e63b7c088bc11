// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

namespace frontline::ui {

class ConsoleController;
class IdleSource;

// The signed-in agent's own presence, as this console means it: online, away by hand (until
// the agent says otherwise), or away because the desktop session has been idle for the minutes
// set in Settings → General (until the agent touches the computer again). The server hears it
// through PUT /api/agent/me/presence and forgets "away" when the console's stream drops; this
// class says it again on every reconnection. It asks the idle source every 15 seconds, every 2
// while idle-away (so that coming back shows at once).
class ConsolePresence final : public QObject
{
    Q_OBJECT
public:
    enum class State { Online, AwayByHand, AwayIdle };

    // `idle` becomes this object's child.
    ConsolePresence(ConsoleController &console, IdleSource *idle, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ConsolePresence)

    State state() const { return m_state; }
    bool isAway() const { return m_state != State::Online; }
    // The agent's choice in the status bar.
    void setAwayByHand(bool away);
    void setIdleMinutes(int minutes); // 0: never away by itself
    // Another source of idle time (the tests' own); the old one goes.
    void setIdleSource(IdleSource *idle);
    // Asks the idle source now (the timer does it by itself).
    void check();

Q_SIGNALS:
    void stateChanged(frontline::ui::ConsolePresence::State state);

private:
    void idleTimeRead(std::chrono::milliseconds idle);
    void change(State state);
    void tellServer();

    ConsoleController &m_console;
    QPointer<IdleSource> m_idle;
    State m_state = State::Online;
    std::chrono::minutes m_idleAfter { 10 };
    QTimer m_poll;
};

} // namespace frontline::ui
