// SPDX-License-Identifier: GPL-3.0-or-later
#include "backend.h"

#include "api/healthroute.h"
#include "core/logging.h"
#include "http/responses.h"
#include "store/sqlstore.h"
#include "store/storeerror.h"

#include <QDir>
#include <QHttpServer>
#include <QTcpServer>


namespace frontline {

Backend::Backend(ServerOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options))
{
}

Backend::~Backend() = default;

bool Backend::start()
{
    // Bind first: it is cheap and changes nothing on disk, so a busy port is reported
    // before a database file is created.
    m_listener = new QTcpServer(this);
    if (!m_listener->listen(m_options.listen.host, m_options.listen.port)) {
        return fail(QStringLiteral("Cannot listen on %1: %2. Stop the program using it or "
                                   "choose another address with --listen.")
                            .arg(m_options.listen.toString(), m_listener->errorString()));
    }

    if (m_options.databaseInDataDir && !QDir().mkpath(m_options.dataDir)) {
        return fail(QStringLiteral("Cannot create the data folder %1. Choose a writable folder "
                                   "with --data-dir.").arg(m_options.dataDir));
    }
    try {
        m_store = SqlStore::open(m_options.database);
    } catch (const StoreError &error) {
        return fail(error.message());
    }

    m_http = new QHttpServer(this);
    registerHealthRoute(*m_http, *m_store);
    m_http->setMissingHandler([](const QHttpServerRequest &, QHttpServerResponder &&responder) {
        http::error(QHttpServerResponse::StatusCode::NotFound, QStringLiteral("not_found"),
                    QStringLiteral("No such route. See docs/API.md for the routes Frontline serves."))
                .write(std::move(responder));
    });
    m_http->bind(m_listener);
    qCInfo(lcBackend, "Serving %s on %s", qUtf8Printable(m_options.database.displayString()),
           qUtf8Printable(url()));
    return true;
}

QString Backend::errorString() const
{
    return m_errorString;
}

bool Backend::fail(const QString &message)
{
    m_errorString = message;
    delete m_http;
    m_http = nullptr;
    if (m_listener)
        m_listener->close();
    m_store.reset();
    return false;
}

void Backend::stop()
{
    if (m_listener)
        m_listener->close();
    // Every handler runs to completion on this thread before the event loop delivers the
    // stop request, so there is no request in flight here; later asynchronous work will be
    // drained at this point.
    m_store.reset();
    qCInfo(lcBackend, "Stopped");
    QMetaObject::invokeMethod(this, &Backend::stopped, Qt::QueuedConnection);
}

QString Backend::url() const
{
    if (!m_listener || !m_listener->isListening())
        return {};
    return QStringLiteral("http://") + ListenAddress::format(m_listener->serverAddress(),
                                                             m_listener->serverPort());
}

Store *Backend::store() const
{
    return m_store.get();
}

} // namespace frontline
