// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QTemporaryDir>

#include <memory>

class QProcess;

namespace frontline::testsupport {

// A throwaway PostgreSQL server for one test process: initdb in a temporary folder, a free
// port on 127.0.0.1 only, the Unix socket in that folder; stopped and removed by the
// destructor. PostgreSQL refuses to run as root, so when the tests run as root the server
// runs as `nobody`. If this process dies, the server is told to quit too.
class TemporaryPostgres final
{
public:
    TemporaryPostgres();
    ~TemporaryPostgres();
    Q_DISABLE_COPY_MOVE(TemporaryPostgres)

    // initdb (the first time) and start; waits until the server accepts connections.
    bool start();
    // Fast shutdown; the data stays, so start() brings the same databases back (outage tests).
    bool stop();
    bool isRunning() const;
    QString errorString() const;
    quint16 port() const;

    // A new empty database (t1, t2, ...) and its URL; empty and errorString() on failure.
    QString createDatabase();
    QString url(const QString &databaseName) const;

    static QString userName();
    // Contains URL-reserved characters on purpose, to exercise URL decoding.
    static QString password();

private:
    bool initialise();
    bool waitUntilReady();
    QString logTail() const;
    QSqlDatabase addAdminConnection(const QString &connectionName) const;

    QTemporaryDir m_dir;
    QString m_binDir;
    std::unique_ptr<QProcess> m_server;
    quint16 m_port = 0;
    int m_databaseCounter = 0;
    bool m_initialised = false;
    QString m_error;
};

} // namespace frontline::testsupport
