// SPDX-License-Identifier: GPL-3.0-or-later
// Clients that vanish while their answers are pending must never crash the server (Qt 6.4
// frees a socket once its client disconnects). CI also runs this under AddressSanitizer.

#include "apiclient.h"
#include "server/backend.h"
#include "server/backendthread.h"
#include "store/sqlstore.h"
#include "testbackend.h"
#include "testdatabases.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

class TestDisconnects : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { TestDatabases::addDialectRows(); }
    void initTestCase() { QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString())); }

    void survivesTwoHundredClientsLeavingWhileAnswersArePending()
    {
        QFETCH_GLOBAL(QString, dialect);
        ServerOptions options = m_databases.serverOptions(dialect);
        options.rateLimits = RateLimitPolicy::off();
        options.maxConnectionsPerIp = 1000;
        options.maxStreamsPerSession = 1000; // a hundred streams of one session, from one address
        options.maxStreamsPerAddress = 1000;
        BackendThread backend(options);
        QSignalSpy started(&backend, &BackendThread::started);
        backend.start();
        QTRY_VERIFY(!started.isEmpty());
        const QUrl base(started.first().first().toString());
        const quint16 port = static_cast<quint16>(base.port());

        ApiClient api(base.toString());
        const CustomerSession customer = api.createSession();
        QCOMPARE(customer.created.status, 201);
        const QByteArray sessionId = customer.id.toLatin1();
        const QByteArray token = customer.token;
        // An agent added as `frontline agent add` does it: its token is read from the database.
        const QByteArray agentToken = addAgent(
            *SqlStore::open(options.database), QStringLiteral("marie"), QStringLiteral("Marie"));

        for (int round = 0; round < 2; ++round) {
            QList<QTcpSocket *> clients;
            for (int i = 0; i < 200; ++i) {
                auto *socket = new QTcpSocket;
                socket->connectToHost(QHostAddress::LocalHost, port);
                QVERIFY(socket->waitForConnected(5000));
                if (i % 4 == 0) {
                    // An event stream: its answer stays pending for as long as it is open.
                    socket->write("GET /api/chat/events?sessionId=" + sessionId
                        + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                        + "\r\nAccept: text/event-stream\r\n\r\n");
                } else if (i % 4 == 2) {
                    // An agent's: its token checked, its list read, or its stream opened, by
                    // store work that may come back after the client has gone.
                    socket->write((i % 8 == 2 ? "GET /api/agent/events" : "GET /api/agent/sessions")
                        + QByteArray(" HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ") + agentToken
                        + "\r\n\r\n");
                } else {
                    // A message whose answer the client will not wait for.
                    const QByteArray body = QJsonDocument(
                        QJsonObject {
                            { QStringLiteral("sessionId"), QString::fromLatin1(sessionId) },
                            { QStringLiteral("message"), QStringLiteral("hello %1").arg(i) } })
                                                .toJson(QJsonDocument::Compact);
                    socket->write("POST /api/chat/message HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                  "application/json\r\n"
                                  "Authorization: Bearer "
                        + token + "\r\nContent-Length: " + QByteArray::number(body.size())
                        + "\r\n\r\n" + body);
                }
                socket->flush();
                clients.append(socket);
            }
            // Let the server take them in, then everyone leaves at once, half abruptly.
            QTest::qWait(300);
            for (int i = 0; i < clients.size(); ++i) {
                if (i % 3 == 0)
                    clients[i]->abort();
                else
                    clients[i]->disconnectFromHost();
            }
            qDeleteAll(clients);
            // New messages now fan out to streams whose clients are gone.
            for (int i = 0; i < 5; ++i) {
                const HttpResult sent
                    = api.sendMessage(customer, QStringLiteral("after %1").arg(i));
                QCOMPARE(sent.status, 200);
            }
        }
        QCOMPARE(api.get(QStringLiteral("/healthz")).status, 200);
    }

    void servesNothingOnAConnectionLeftOpenWhenItStops()
    {
        // A keep-alive connection outlives stop() (the console's own, when it disconnects):
        // what comes on it then must not reach the routes, whose services are gone.
        QFETCH_GLOBAL(QString, dialect);
        std::unique_ptr<Backend> backend = startBackend(m_databases.serverOptions(dialect));
        QVERIFY(backend);
        const QByteArray token
            = addAgent(*backend->store(), QStringLiteral("marie"), QStringLiteral("Marie"));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(QUrl(backend->url()).port()));
        QVERIFY(socket.waitForConnected(5000));
        const QByteArray request = "GET /api/agent/sessions HTTP/1.1\r\nHost: x\r\n"
                                   "Authorization: Bearer "
            + token + "\r\n\r\n";
        socket.write(request);
        QByteArray answer;
        QTRY_VERIFY((answer += socket.readAll()).contains("\"sessions\""));
        QVERIFY(answer.startsWith("HTTP/1.1 200 "));

        backend->stop();
        socket.write(request);
        socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QTest::qWait(500);
        QCOMPARE(socket.readAll(), QByteArray());
        backend.reset();
    }

private:
    TestDatabases m_databases;
};

QTEST_GUILESS_MAIN(TestDisconnects)
#include "tst_disconnects.moc"
