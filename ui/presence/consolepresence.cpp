// SPDX-License-Identifier: GPL-3.0-or-later
#include "consolepresence.h"

#include "consolecontroller.h"
#include "idlesource.h"

namespace frontline::ui {

namespace {

constexpr auto PollWhileHere = std::chrono::seconds(15);
constexpr auto PollWhileIdle = std::chrono::seconds(2);

} // namespace

ConsolePresence::ConsolePresence(ConsoleController &console, IdleSource *idle, QObject *parent)
    : QObject(parent)
    , m_console(console)
{
    setIdleSource(idle);
    m_poll.setInterval(PollWhileHere);
    connect(&m_poll, &QTimer::timeout, this, &ConsolePresence::check);
    m_poll.start();
    // The server forgets "away" with the console's last stream: said again once it is back.
    connect(&m_console, &ConsoleController::connectionChanged, this, [this](bool connected) {
        if (connected && isAway())
            tellServer();
    });
}

void ConsolePresence::setIdleSource(IdleSource *idle)
{
    delete m_idle;
    m_idle = idle;
    if (!idle)
        return;
    idle->setParent(this);
    connect(idle, &IdleSource::idleTimeRead, this, &ConsolePresence::idleTimeRead);
}

void ConsolePresence::setAwayByHand(bool away)
{
    change(away ? State::AwayByHand : State::Online);
}

void ConsolePresence::setIdleMinutes(int minutes)
{
    m_idleAfter = std::chrono::minutes(std::max(0, minutes));
}

void ConsolePresence::check()
{
    if (m_idle && m_console.isConnected())
        m_idle->ask();
}

void ConsolePresence::idleTimeRead(std::chrono::milliseconds idle)
{
    const bool idleLongEnough = m_idleAfter.count() > 0 && idle >= m_idleAfter;
    if (m_state == State::Online && idleLongEnough)
        change(State::AwayIdle);
    else if (m_state == State::AwayIdle && !idleLongEnough)
        change(State::Online); // back at the computer; an away set by hand stays
}

void ConsolePresence::change(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    m_poll.setInterval(state == State::AwayIdle ? PollWhileIdle : PollWhileHere);
    tellServer();
    Q_EMIT stateChanged(state);
}

void ConsolePresence::tellServer()
{
    if (m_console.isSignedIn())
        m_console.setPresence(isAway() ? QStringLiteral("away") : QStringLiteral("online"));
}

} // namespace frontline::ui
