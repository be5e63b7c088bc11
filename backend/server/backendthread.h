// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/serveroptions.h"

#include <QObject>
#include <QThread>

namespace frontline {

class Backend;

// Runs a Backend on a thread of its own, for the all-in-one console: the GUI thread never
// waits on the database or the network. Results come back as queued signals.
class BackendThread final : public QObject
{
    Q_OBJECT
public:
    explicit BackendThread(ServerOptions options, QObject *parent = nullptr);
    ~BackendThread() override; // stops the backend and joins its thread
    Q_DISABLE_COPY_MOVE(BackendThread)

    void start();

Q_SIGNALS:
    void started(const QString &url);
    void failed(const QString &message);

private:
    QThread m_thread;
    Backend *m_backend = nullptr;
};

} // namespace frontline
