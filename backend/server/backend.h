// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/serveroptions.h"

#include <QObject>
#include <memory>

class QHttpServer;
class QTcpServer;

namespace frontline {

class Store;

// The chat backend: the listening socket, the HTTP routes and the store, composed. It runs
// on the thread that created it (the main thread when headless, its own thread inside the
// console) and everything it owns stays there.
class Backend final : public QObject
{
    Q_OBJECT
public:
    explicit Backend(ServerOptions options, QObject *parent = nullptr);
    ~Backend() override;
    Q_DISABLE_COPY_MOVE(Backend)

    // Binds the address, opens and migrates the database, starts serving. On failure
    // returns false, errorString() says what to do, and nothing is left running.
    bool start();
    QString errorString() const;

    // Stops accepting connections, lets in-flight work finish, closes the database, then
    // emits stopped().
    void stop();

    QString url() const; // http://HOST:PORT with the real port
    Store *store() const;

Q_SIGNALS:
    void stopped();

private:
    bool fail(const QString &message);

    ServerOptions m_options;
    QString m_errorString;
    std::unique_ptr<Store> m_store;
    QTcpServer *m_listener = nullptr;
    QHttpServer *m_http = nullptr;
};

} // namespace frontline
