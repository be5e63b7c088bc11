// SPDX-License-Identifier: GPL-3.0-or-later
#include "backendthread.h"

#include "backend.h"

namespace frontline {

BackendThread::BackendThread(ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_backend(new Backend(std::move(options)))
{
    m_thread.setObjectName(QStringLiteral("frontline-backend"));
    m_backend->moveToThread(&m_thread);
    // Deleted on its own thread, where its database connection lives.
    connect(&m_thread, &QThread::finished, m_backend, &QObject::deleteLater);
}

BackendThread::~BackendThread()
{
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(m_backend, &Backend::stop, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_backend;
    }
}

void BackendThread::start()
{
    m_thread.start();
    QMetaObject::invokeMethod(m_backend, [this] {
        if (m_backend->start())
            Q_EMIT started(m_backend->url());
        else
            Q_EMIT failed(m_backend->errorString());
    });
}

} // namespace frontline
