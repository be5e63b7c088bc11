// SPDX-License-Identifier: GPL-3.0-or-later
// The hardened listener over raw sockets: what QHttpServer 6.4 would not refuse by itself.

#include "http/clientaddress.h"
#include "httpclient.h"
#include "server/backendthread.h"
#include "testdatabases.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

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

// The status codes of the answers in `answers`, in order (each answer has a Content-Length).
QList<int> statusesOf(QByteArray answers)
{
    QList<int> statuses;
    while (answers.startsWith("HTTP/1.1 ")) {
        statuses.append(statusOf(answers));
        const qsizetype headEnd = answers.indexOf("\r\n\r\n");
        const qsizetype lengthAt = answers.toLower().indexOf("content-length: ");
        if (headEnd < 0 || lengthAt < 0 || lengthAt > headEnd)
            break;
        const qsizetype length
            = answers.mid(lengthAt + 16, answers.indexOf("\r\n", lengthAt) - lengthAt - 16)
                  .toLongLong();
        answers = answers.mid(headEnd + 4 + length);
    }
    return statuses;
}

QByteArray readUntil(
    QTcpSocket &socket, const std::function<bool(const QByteArray &)> &done, int timeoutMs = 10000)
{
    QByteArray answer;
    QElapsedTimer waited;
    waited.start();
    while (!done(answer) && waited.elapsed() < timeoutMs
        && socket.state() == QAbstractSocket::ConnectedState) {
        socket.waitForReadyRead(50);
        answer += socket.readAll();
    }
    return answer + socket.readAll();
}

// A client that does not read: a plain POSIX socket (Qt would read for us) with a small
// receive buffer, so that what the server sends piles up on the server's side.
class NonReadingClient final
{
public:
    NonReadingClient(quint16 port, const char *from = "127.0.0.1")
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int small = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        ::setsockopt(m_fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
        sockaddr_in local {};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, from, &local.sin_addr);
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&local), sizeof local);
        sockaddr_in server {};
        server.sin_family = AF_INET;
        server.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr *>(&server), sizeof server) == 0;
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    }
    ~NonReadingClient() { ::close(m_fd); }
    Q_DISABLE_COPY_MOVE(NonReadingClient)

    bool connected() const { return m_connected; }
    // Writes as much of `bytes` as the connection takes now; returns how much it took.
    qsizetype send(QByteArrayView bytes)
    {
        qsizetype sent = 0;
        while (sent < bytes.size()) {
            const ssize_t n
                = ::send(m_fd, bytes.data() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
            if (n <= 0)
                break;
            sent += n;
        }
        return sent;
    }
    // Keeps sending `bytes` until the connection takes nothing more for `quietMs`.
    qsizetype sendUntilStalled(QByteArrayView bytes, int quietMs)
    {
        qsizetype sent = 0;
        QElapsedTimer quiet;
        quiet.start();
        while (sent < bytes.size() && quiet.elapsed() < quietMs) {
            const qsizetype n = send(bytes.sliced(sent));
            if (n > 0) {
                sent += n;
                quiet.restart();
            }
            pollfd p { m_fd, POLLOUT, 0 };
            ::poll(&p, 1, 50);
        }
        return sent;
    }
    // The server closed or reset the connection (without this client reading a byte).
    bool waitForClose(int timeoutMs)
    {
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < timeoutMs) {
            pollfd p { m_fd, POLLRDHUP, 0 };
            if (::poll(&p, 1, 100) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)))
                return true;
        }
        return false;
    }

private:
    int m_fd = -1;
    bool m_connected = false;
};

QByteArray pipelined(const QByteArray &request, int times)
{
    QByteArray all;
    all.reserve(request.size() * times);
    for (int i = 0; i < times; ++i)
        all += request;
    return all;
}

struct RunningBackend
{
    std::unique_ptr<BackendThread> thread;
    QString url;
    quint16 port = 0;
};

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
        options.writeTimeoutSeconds = 1;
        options.maxConnectionsPerIp = 20;
        m_main = startBackend(options);
        QVERIFY(m_main.thread);
        m_url = m_main.url;
        m_port = m_main.port;
        // Timeouts far beyond any test's wait: what closes a connection here is the test's point.
        ServerOptions patient = m_databases.serverOptions(QStringLiteral("sqlite"));
        patient.requestTimeoutSeconds = 60;
        patient.idleTimeoutSeconds = 60;
        patient.writeTimeoutSeconds = 60;
        patient.maxConnectionsPerIp = 4;
        m_patient = startBackend(patient);
        QVERIFY(m_patient.thread);
    }
    void cleanupTestCase()
    {
        m_main.thread.reset();
        m_patient.thread.reset();
    }

    void refusesBadRequestsAndCloses_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("garbage") << QByteArray("HELLO THERE\r\n\r\n") << 400;
        QTest::newRow("no version") << QByteArray("GET /healthz\r\n\r\n") << 400;
        QTest::newRow("tls handshake")
            << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << 400;
        QTest::newRow("bad header")
            << QByteArray("GET /healthz HTTP/1.1\r\nBad Header: x\r\n\r\n") << 400;
        QTest::newRow("http 2") << QByteArray("GET /healthz HTTP/2.0\r\n\r\n") << 505;
        QTest::newRow("chunked") << QByteArray(
            "POST /api/chat/message HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
            "chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                                 << 411;
        QTest::newRow("headers too large") << (QByteArray("GET /healthz HTTP/1.1\r\nX-Big: ")
            + QByteArray(17 * 1024, 'a') + "\r\n\r\n")
                                           << 431;
        QTest::newRow("no host") << QByteArray("GET /healthz HTTP/1.1\r\nAccept: */*\r\n\r\n")
                                 << 400;
        QTest::newRow("two hosts")
            << QByteArray("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
        QTest::newRow("body too large")
            << QByteArray("POST /api/chat/message HTTP/1.1\r\nHost: x\r\nContent-Type: "
                          "application/json\r\nContent-Length: 70000\r\n\r\n")
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
        const RawExchange result = exchange(
            m_port, QByteArray("GET /healthz HTTP/1.1\r\nX-Big: ") + QByteArray(20 * 1024, 'a'));
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
        socket.write("POST /api/chat/create-session HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     "application/json\r\n"
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

    void answersPipelinedRequestsSplitAcrossWrites()
    {
        // Two valid requests, the second cut in the middle by TCP: both are answered.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected());
        socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /hea");
        socket.flush();
        QTest::qWait(300);
        socket.write("lthz HTTP/1.1\r\nHost: x\r\n\r\n");
        const QByteArray answers
            = readUntil(socket, [](const QByteArray &a) { return statusesOf(a).size() >= 2; });
        QCOMPARE(statusesOf(answers), (QList<int> { 200, 200 }));
    }

    void answersPipelinedRequestsAtAnySplit()
    {
        // The same three requests, cut at random points into pieces that reach the server
        // one by one: every byte reaches the framer once, whatever the cuts.
        const QByteArray stream = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                                  "GET /support/texts.js HTTP/1.1\r\nHost: x\r\n\r\n"
                                  "\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n";
        QRandomGenerator random(1412);
        for (int round = 0; round < 12; ++round) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, m_port);
            QVERIFY(socket.waitForConnected());
            for (qsizetype at = 0; at < stream.size();) {
                const qsizetype piece
                    = std::min<qsizetype>(random.bounded(1, 50), stream.size() - at);
                socket.write(stream.mid(at, piece));
                socket.flush();
                at += piece;
                QTest::qWait(10);
            }
            const QByteArray answers
                = readUntil(socket, [](const QByteArray &a) { return statusesOf(a).size() >= 3; });
            QCOMPARE(statusesOf(answers), (QList<int> { 200, 200, 404 }));
        }
    }

    void answersPipelinedRequestsInOrder()
    {
        // A message is answered after its commit (asynchronously), the health check at
        // once: sent together on one connection, the answers still come in request order.
        const HttpResult created
            = m_http.post(QUrl(m_url + QStringLiteral("/api/chat/create-session")), "{}",
                { { "Content-Type", "application/json" } });
        QCOMPARE(created.status, 201);
        const QByteArray body = QJsonDocument(
            QJsonObject {
                { QStringLiteral("sessionId"), created.json().value(QStringLiteral("sessionId")) },
                { QStringLiteral("message"), QStringLiteral("In order?") } })
                                    .toJson(QJsonDocument::Compact);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected());
        socket.write("POST /api/chat/message HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     "application/json\r\nAuthorization: Bearer "
            + created.json().value(QStringLiteral("sessionToken")).toString().toLatin1()
            + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body
            + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        const QByteArray answers
            = readUntil(socket, [](const QByteArray &a) { return statusesOf(a).size() >= 2; });
        QCOMPARE(statusesOf(answers), (QList<int> { 200, 200 }));
        QVERIFY2(
            answers.indexOf("userMessage") < answers.indexOf("\"status\""), answers.constData());
    }

    void stopsReadingFromAClientThatDoesNotReadItsAnswers()
    {
        // 8 MB of pipelined requests, none of whose answers is read: the server must stop
        // taking them (TCP makes the client wait) instead of queuing answers without bound.
        NonReadingClient client(m_patient.port);
        QVERIFY(client.connected());
        const QByteArray requests
            = pipelined("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", 8 * 1024 * 1024 / 35);
        const qsizetype taken = client.sendUntilStalled(requests, 3000);
        qInfo("the server took %lld of %lld bytes of requests", qint64(taken),
            qint64(requests.size()));
        QVERIFY2(
            taken < requests.size() / 2, qPrintable(QStringLiteral("took %1 bytes").arg(taken)));
        QVERIFY2(!client.waitForClose(500),
            "the server closed the connection instead of making it wait");
        QVERIFY(serverStillAnswers(m_patient.url));
    }

    void abortsAConnectionWhoseAnswersAreNotRead()
    {
        // Answers pile up and nothing is read: after the write timeout (1 s here) without
        // progress the connection goes, though the client never reads a byte.
        NonReadingClient client(m_port);
        QVERIFY(client.connected());
        // In one piece (under the 4 KiB send buffer), so that it reaches the server whole.
        const QByteArray requests
            = pipelined("GET /support/chat.js HTTP/1.1\r\nHost: x\r\n\r\n", 80);
        QCOMPARE(client.send(requests), requests.size());
        QVERIFY(client.waitForClose(15000));
        QVERIFY(serverStillAnswers());
    }

    void emptyLinesDoNotKeepAConnectionAlive()
    {
        // "\r\n" now and then is no request: the idle timeout (2 s here) still closes it.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected());
        QElapsedTimer waited;
        waited.start();
        while (socket.state() == QAbstractSocket::ConnectedState && waited.elapsed() < 12000) {
            socket.write("\r\n");
            socket.waitForDisconnected(400);
        }
        QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
    }

    void closesWhenTheClientAsks_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<bool>("closes");
        QTest::newRow("connection close")
            << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") << true;
        QTest::newRow("http 1.0") << QByteArray("GET /healthz HTTP/1.0\r\n\r\n") << true;
        QTest::newRow("http 1.0 keep-alive")
            << QByteArray("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << false;
        QTest::newRow("http 1.1") << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                                  << false;
    }
    void closesWhenTheClientAsks()
    {
        // The idle timeout is a minute here: a close within seconds is the client's doing.
        QFETCH(QByteArray, request);
        QFETCH(bool, closes);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_patient.port);
        QVERIFY(socket.waitForConnected());
        socket.write(request);
        const QByteArray answer
            = readUntil(socket, [](const QByteArray &a) { return a.contains("\"status\""); });
        QCOMPARE(statusOf(answer), 200);
        QCOMPARE(answer.contains("Connection: close"), closes);
        if (request.startsWith("GET /healthz HTTP/1.0") && !closes)
            QVERIFY2(answer.contains("Connection: keep-alive"),
                answer.constData()); // else a 1.0 client closes
        if (closes) {
            QVERIFY(socket.state() == QAbstractSocket::UnconnectedState
                || socket.waitForDisconnected(10000));
        } else {
            socket.write(request); // still open for the next request
            const QByteArray second
                = readUntil(socket, [](const QByteArray &a) { return a.contains("\"status\""); });
            QCOMPARE(statusOf(second), 200);
        }
    }

    void answersHeadWithTheLengthOfGet()
    {
        const HttpResult get = m_http.get(QUrl(m_url + QStringLiteral("/support/chat.js")));
        QCOMPARE(get.status, 200);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected());
        // The health check behind it shows that no body followed the HEAD answer's head.
        socket.write("HEAD /support/chat.js HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz "
                     "HTTP/1.1\r\nHost: x\r\n\r\n");
        const QByteArray answers
            = readUntil(socket, [](const QByteArray &a) { return a.contains("\"status\""); });
        QCOMPARE(statusOf(answers), 200);
        const QByteArray length = "Content-Length: " + QByteArray::number(get.body.size()) + "\r\n";
        QVERIFY2(answers.contains(length), answers.left(600).constData());
        const QByteArray afterHead = answers.mid(answers.indexOf("\r\n\r\n") + 4);
        QVERIFY2(afterHead.startsWith("HTTP/1.1 200"), afterHead.left(200).constData());
    }

    void sendsStrictTransportSecurityOverHttps()
    {
        QTemporaryDir dir;
        const QString certificate = dir.filePath(QStringLiteral("cert.pem"));
        const QString key = dir.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
            { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                QStringLiteral("-keyout"), key, QStringLiteral("-out"), certificate });
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);
        ServerOptions options = m_databases.serverOptions(QStringLiteral("sqlite"));
        options.tlsCertificateFile = certificate;
        options.tlsKeyFile = key;
        RunningBackend https = startBackend(options);
        QVERIFY(https.thread);

        QSslSocket socket;
        socket.setPeerVerifyMode(QSslSocket::VerifyNone);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), https.port);
        QVERIFY2(socket.waitForEncrypted(10000), qPrintable(socket.errorString()));
        socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        const QByteArray answer
            = readUntil(socket, [](const QByteArray &a) { return a.contains("\"status\""); });
        QCOMPARE(statusOf(answer), 200);
        QVERIFY2(answer.contains("Strict-Transport-Security: max-age="), answer.constData());

        // Not over plain HTTP: a browser would ignore it, and it would lie about the scheme.
        const RawExchange plain
            = exchange(m_port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QCOMPARE(statusOf(plain.answer), 200);
        QVERIFY(!plain.answer.contains("Strict-Transport-Security"));
    }

    void listensWithALargeBacklog()
    {
        // The kernel shows a listening socket's backlog as its Send-Q.
        QProcess ss;
        ss.start(QStringLiteral("ss"),
            { QStringLiteral("-ltnH"), QStringLiteral("sport = :%1").arg(m_port) });
        if (!ss.waitForFinished(10000) || ss.exitCode() != 0)
            QSKIP("ss(8) is not available");
        const QList<QByteArray> fields = ss.readAllStandardOutput().simplified().split(' ');
        QFile somaxconn(QStringLiteral("/proc/sys/net/core/somaxconn"));
        QVERIFY(somaxconn.open(QIODevice::ReadOnly));
        const int limit = somaxconn.readAll().trimmed().toInt();
        QCOMPARE(fields.value(2).toInt(), std::min(4096, limit));
    }

    void makesRoomForANeighbourOfASlowloris()
    {
        // Four connections (the cap here) from one address trickle request heads; a
        // customer behind the same address is served: the quietest of them makes room.
        QList<QTcpSocket *> slow;
        for (int i = 0; i < 4; ++i) {
            auto *socket = new QTcpSocket(this);
            socket->bind(QHostAddress(QStringLiteral("127.0.0.3")));
            socket->connectToHost(QHostAddress::LocalHost, m_patient.port);
            QVERIFY(socket->waitForConnected());
            socket->write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            socket->flush();
            slow.append(socket);
        }
        QTest::qWait(1000); // the server has them all
        QTcpSocket customer;
        customer.bind(QHostAddress(QStringLiteral("127.0.0.3")));
        customer.connectToHost(QHostAddress::LocalHost, m_patient.port);
        QVERIFY(customer.waitForConnected());
        customer.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        const QByteArray answer
            = readUntil(customer, [](const QByteArray &a) { return a.contains("\"status\""); });
        QCOMPARE(statusOf(answer), 200);
        // The oldest of them went.
        QTRY_COMPARE_WITH_TIMEOUT(slow.first()->state(), QAbstractSocket::UnconnectedState, 10000);
        qDeleteAll(slow);
    }

    void refusesAFullAddressWithRetryAfter()
    {
        // Four connections (the cap here) from one address, each with answers on their way
        // that it does not read: none is quiet, so a fifth is refused, with a 503 that says
        // when to retry, that arrives whole although the client sent more than was read,
        // and that is logged once, not once per refusal.
        std::vector<std::unique_ptr<NonReadingClient>> busy;
        for (int i = 0; i < 4; ++i) {
            busy.push_back(std::make_unique<NonReadingClient>(m_patient.port, "127.0.0.4"));
            QVERIFY(busy.back()->connected());
            busy.back()->sendUntilStalled(
                pipelined("GET /support/chat.js HTTP/1.1\r\nHost: x\r\n\r\n", 1000), 300);
        }
        QStringList logged;
        s_logged = &logged;
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &message) {
                if (message.contains(QLatin1String("Refused"))
                    && message.contains(QLatin1String("cap")))
                    s_logged->append(message);
            });
        for (int i = 0; i < 5; ++i) {
            QTcpSocket refused;
            refused.bind(QHostAddress(QStringLiteral("127.0.0.4")));
            refused.connectToHost(QHostAddress::LocalHost, m_patient.port);
            QVERIFY(refused.waitForConnected());
            refused.write("POST /api/chat/create-session HTTP/1.1\r\nHost: x\r\nContent-Type: "
                          "application/json\r\n"
                          "Content-Length: 60000\r\n\r\n"
                + QByteArray(60000, ' '));
            QTest::qWait(200);
            const QByteArray answer = readUntil(
                refused, [](const QByteArray &a) { return a.contains("too_many_connections\"}"); });
            QCOMPARE(statusOf(answer), 503);
            QVERIFY2(answer.contains("\r\nRetry-After: "), answer.constData());
            QVERIFY2(answer.contains("close some and try again"), answer.constData());
        }
        qInstallMessageHandler(previous);
        s_logged = nullptr;
        QVERIFY2(!logged.isEmpty() && logged.size() < 5, qPrintable(logged.join(u'\n')));
        busy.clear();
        QVERIFY(serverStillAnswers(m_patient.url));
    }

    void capsConnectionsInAll()
    {
        // Three connections in all here, from any address: a fourth is served in place of
        // the quietest; when none is quiet, it is refused.
        ServerOptions options = m_databases.serverOptions(QStringLiteral("sqlite"));
        options.maxConnections = 3;
        options.idleTimeoutSeconds = 60;
        options.writeTimeoutSeconds = 60;
        RunningBackend small = startBackend(options);
        QVERIFY(small.thread);
        QList<QTcpSocket *> quiet;
        for (int i = 0; i < 3; ++i) {
            auto *socket = new QTcpSocket(this);
            socket->bind(QHostAddress(QStringLiteral("127.0.0.%1").arg(5 + i)));
            socket->connectToHost(QHostAddress::LocalHost, small.port);
            QVERIFY(socket->waitForConnected());
            quiet.append(socket);
        }
        QTest::qWait(1000);
        const RawExchange served
            = exchange(small.port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QCOMPARE(statusOf(served.answer), 200);
        QTRY_COMPARE_WITH_TIMEOUT(quiet.first()->state(), QAbstractSocket::UnconnectedState, 10000);
        qDeleteAll(quiet);

        std::vector<std::unique_ptr<NonReadingClient>> busy;
        for (int i = 0; i < 3; ++i) {
            busy.push_back(
                std::make_unique<NonReadingClient>(small.port, i == 0 ? "127.0.0.8" : "127.0.0.9"));
            QVERIFY(busy.back()->connected());
            busy.back()->sendUntilStalled(
                pipelined("GET /support/chat.js HTTP/1.1\r\nHost: x\r\n\r\n", 1000), 300);
        }
        const RawExchange refused
            = exchange(small.port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(statusOf(refused.answer), 503);
        QVERIFY(refused.answer.contains("Retry-After: "));
    }

    void countsTheClientsOfATrustedProxy()
    {
        // Behind a trusted proxy every connection comes from the proxy's address: they count
        // against the global cap, not against the per-address cap of 2 here.
        ServerOptions options = m_databases.serverOptions(QStringLiteral("sqlite"));
        QString problem;
        options.clientAddress = *http::ClientAddress::parse(QStringLiteral("127.0.0.1"), &problem);
        options.maxConnectionsPerIp = 2;
        options.idleTimeoutSeconds = 60;
        RunningBackend proxied = startBackend(options);
        QVERIFY(proxied.thread);
        QList<QTcpSocket *> viaProxy;
        for (int i = 0; i < 5; ++i) {
            auto *socket = new QTcpSocket(this);
            socket->connectToHost(QHostAddress::LocalHost, proxied.port);
            QVERIFY(socket->waitForConnected());
            viaProxy.append(socket);
        }
        QTest::qWait(300);
        for (int i = 0; i < viaProxy.size(); ++i) {
            viaProxy[i]->write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 198.51.100."
                + QByteArray::number(i + 1) + "\r\n\r\n");
            const QByteArray answer = readUntil(
                *viaProxy[i], [](const QByteArray &a) { return a.contains("\"status\""); });
            QVERIFY2(statusOf(answer) == 200,
                qPrintable(
                    QStringLiteral("connection %1: %2").arg(i).arg(QString::fromLatin1(answer))));
        }
        qDeleteAll(viaProxy);

        // The client the proxy forwards has the per-address cap: two of its requests are
        // being answered (to a client that does not read), so a third is refused; another
        // client behind the same proxy is served.
        const QByteArray forwarded
            = "GET /support/chat.js HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 198.51.100.7\r\n\r\n";
        NonReadingClient first(proxied.port);
        NonReadingClient second(proxied.port);
        QVERIFY(first.connected() && second.connected());
        first.sendUntilStalled(pipelined(forwarded, 1000), 300);
        second.sendUntilStalled(pipelined(forwarded, 1000), 300);
        const RawExchange third = exchange(proxied.port, forwarded);
        QCOMPARE(statusOf(third.answer), 503);
        QVERIFY(third.answer.contains("Retry-After: "));
        const RawExchange neighbour = exchange(proxied.port,
            "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 198.51.100.8\r\nConnection: "
            "close\r\n\r\n");
        QCOMPARE(statusOf(neighbour.answer), 200);
    }

private:
    bool serverStillAnswers(const QString &url = {})
    {
        return m_http.get(QUrl((url.isEmpty() ? m_url : url) + QStringLiteral("/healthz"))).status
            == 200;
    }

    // On its own thread, so this test can use blocking sockets as a plain client would.
    RunningBackend startBackend(const ServerOptions &options)
    {
        RunningBackend running;
        running.thread = std::make_unique<BackendThread>(options);
        QSignalSpy started(running.thread.get(), &BackendThread::started);
        QSignalSpy failed(running.thread.get(), &BackendThread::failed);
        running.thread->start();
        if (!QTest::qWaitFor([&] { return !started.isEmpty() || !failed.isEmpty(); }, 30000)
            || !failed.isEmpty()) {
            qWarning("backend did not start: %s", qPrintable(failed.value(0).value(0).toString()));
            return {};
        }
        running.url = started.first().first().toString();
        running.port = static_cast<quint16>(QUrl(running.url).port());
        return running;
    }

    static inline QStringList *s_logged = nullptr;
    TestDatabases m_databases;
    HttpClient m_http;
    RunningBackend m_main;
    RunningBackend m_patient;
    QString m_url;
    quint16 m_port = 0;
};

QTEST_GUILESS_MAIN(TestListener)
#include "tst_listener.moc"
