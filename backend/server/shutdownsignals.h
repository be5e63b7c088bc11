// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace frontline {

// Turns SIGINT and SIGTERM into a Qt signal delivered by the event loop (through a
// self-pipe: a POSIX signal handler may do almost nothing itself), so shutdown runs as
// ordinary code between two requests, never in the middle of one.
class ShutdownSignals final : public QObject
{
    Q_OBJECT
public:
    explicit ShutdownSignals(QObject *parent = nullptr);
    ~ShutdownSignals() override;
    Q_DISABLE_COPY_MOVE(ShutdownSignals)

Q_SIGNALS:
    void shutdownRequested(int signalNumber);

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace frontline
