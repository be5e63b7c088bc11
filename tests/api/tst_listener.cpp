// SPDX-License-Identifier: GPL-3.0-or-later
// The hardened listener over raw sockets: what QHttpServer 6.4 would not refuse by itself.

#include "httpclient.h"
#include "server/backendthread.h"
#include "testdatabases.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

// Sends `bytes` on a fresh connection and reads until the server closes it (or 5 s).
struct RawExchange
{
    QByteArray answer;
    bool closedByServer = false;
};

RawExchange exchange(quint16 port, const QByteArray &bytes, int timeoutMs = 5000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(bytes);
    RawExchange result;
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < timeoutMs) {
        if (socket.state() == QAbstractSocket::UnconnectedState) {
            result.closedByServer = true;
            break;
        }
        socket.waitForReadyRead(50);
        result.answer += socket.readAll();
    }
    result.answer += socket.readAll();
    return result;
}

int statusOf(const QByteArray &answer)
{
    // "HTTP/1.1 413 Payload Too Large"
    return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
}

} // namespace

class TestListener : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString()));
        ServerOptions options = m_databases.serverOptions(QStringLiteral("sqlite"));
        options.requestTimeoutSeconds = 1;
        options.idleTimeoutSeconds = 2;
        options.maxConnectionsPerIp = 20;
        // On its own thread, so this test can use blocking sockets as a plain client would.
        m_backend = std::make_unique<BackendThread>(options);
        QSignalSpy started(m_backend.get(), &BackendThread::started);
        QSignalSpy failed(m_backend.get(), &BackendThread::failed);
        m_backend->start();
        QTRY_VERIFY(!started.isEmpty() || !failed.isEmpty());
        QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
        m_url = started.first().first().toString();
        m_port = static_cast<quint16>(QUrl(m_url).port());
    }
    void cleanupTestCase() { m_backend.reset(); }

    void refusesBadRequestsAndCloses_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("garbage") << QByteArray("HELLO THERE\r\n\r\n") << 400;
        QTest::newRow("no version") << QByteArray("GET /healthz\r\n\r\n") << 400;
        QTest::newRow("tls handshake") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << 400;
        QTest::newRow("bad header") << QByteArray("GET /healthz HTTP/1.1\r\nBad Header: x\r\n\r\n") << 400;
        QTest::newRow("http 2") << QByteArray("GET /healthz HTTP/2.0\r\n\r\n") << 505;
        QTest::newRow("chunked") << QByteArray("POST /api/chat/message HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n") << 411;
        QTest::newRow("headers too large") << (QByteArray("GET /healthz HTTP/1.1\r\nX-Big: ") + QByteArray(17 * 1024, 'a') + "\r\n\r\n") << 431;
        QTest::newRow("body too large")
                << QByteArray("POST /api/chat/message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 70000\r\n\r\n")
                << 413;
    }
    void refusesBadRequestsAndCloses()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        const RawExchange result = exchange(m_port, request);
        QCOMPARE(statusOf(result.answer), status);
        QVERIFY(result.answer.contains("Connection: close"));
        QVERIFY(result.answer.contains("\"error\""));
        QVERIFY(result.answer.contains("Content-Type: application/json"));
        if (status == 413)
            QVERIFY(result.answer.contains("payload_too_large"));
        QVERIFY(result.closedByServer);
        QVERIFY(serverStillAnswers());
    }

    void refusesAnOversizedHeadBeforeItEnds()
    {
        // The head never ends: the answer must come anyway, without the rest being sent.
        const RawExchange result = exchange(m_port, QByteArray("GET /healthz HTTP/1.1\r\nX-Big: ") + QByteArray(20 * 1024, 'a'));
        QCOMPARE(statusOf(result.answer), 431);
        QVERIFY(result.closedByServer);
    }

    void answersWellFormedRequestsOnAKeptAliveConnection()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected());
        for (int i = 0; i < 3; ++i) {
            socket.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
            QByteArray answer;
            QElapsedTimer waited;
            waited.start();
            while (!answer.contains("\"status\":\"ok\"") && waited.elapsed() < 5000) {
                socket.waitForReadyRead(50);
                answer += socket.readAll();
            }
            QCOMPARE(statusOf(answer), 200);
        }
    }

    void answersExpectContinueBeforeTheBody()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected());
        socket.write("POST /api/chat/create-session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n");
        QByteArray answer;
        QElapsedTimer waited;
        waited.start();
        while (!answer.contains("100 Continue") && waited.elapsed() < 5000) {
            socket.waitForReadyRead(50);
            answer += socket.readAll();
        }
        QVERIFY(answer.startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
        socket.write("{}");
        while (!answer.contains("sessionToken") && waited.elapsed() < 5000) {
            socket.waitForReadyRead(50);
            answer += socket.readAll();
        }
        QVERIFY(answer.contains("HTTP/1.1 201"));
    }

    void timesOutSlowSenders()
    {
        // Half a request, then silence: 408 after the request timeout (1 s here).
        const RawExchange result = exchange(m_port, "GET /healthz HTTP/1.1\r\nHost: x\r\n", 5000);
        QCOMPARE(statusOf(result.answer), 408);
        QVERIFY(result.closedByServer);
    }

    void closesIdleConnections()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected());
        QElapsedTimer waited;
        waited.start();
        while (socket.state() == QAbstractSocket::ConnectedState && waited.elapsed() < 6000)
            socket.waitForDisconnected(100);
        QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
        qInfo("closed after %lld ms idle", waited.elapsed());
    }

    void capsConnectionsPerAddress()
    {
        QList<QTcpSocket *> held;
        for (int i = 0; i < 20; ++i) {
            auto *socket = new QTcpSocket(this);
            socket->connectToHost(QHostAddress::LocalHost, m_port);
            QVERIFY(socket->waitForConnected());
            held.append(socket);
        }
        QTest::qWait(100); // let the server accept them all
        const RawExchange refused = exchange(m_port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(statusOf(refused.answer), 503);
        qDeleteAll(held);
        QTRY_VERIFY(serverStillAnswers());
    }

private:
    bool serverStillAnswers()
    {
        return m_http.get(QUrl(m_url + QStringLiteral("/healthz"))).status == 200;
    }

    TestDatabases m_databases;
    HttpClient m_http;
    std::unique_ptr<BackendThread> m_backend;
    QString m_url;
    quint16 m_port = 0;
};

QTEST_GUILESS_MAIN(TestListener)
#include "tst_listener.moc"
