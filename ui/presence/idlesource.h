// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include <chrono>

namespace frontline::ui {

// How long the agent has not touched the computer. The desktop knows (DesktopIdleSource); a
// test says what it wants. ask() answers through idleTimeRead, now or later, once per ask.
class IdleSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~IdleSource() override = default;
    Q_DISABLE_COPY_MOVE(IdleSource)

    virtual void ask() = 0;

Q_SIGNALS:
    void idleTimeRead(std::chrono::milliseconds idle);
};

} // namespace frontline::ui
