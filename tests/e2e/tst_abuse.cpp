// SPDX-License-Identifier: GPL-3.0-or-later
// Abuse does not starve customers: while 1,000 idle connections sit open, slow senders trickle
// their requests and oversized and malformed requests keep coming, normal customers of the
// real binary keep sending and polling, each answered. Every abuser gets a clear refusal, and
// afterwards the server's descriptors and memory are back to where they started, twice over.
//
// The latencies of the normal customers are printed, not asserted (timing belongs to
// bench/); the test fails only if one of them is refused or waits longer than the request
// timeout, which is what starvation looks like.

#include "apiclient.h"
#include "frontlineprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPointer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <sys/resource.h>

using namespace frontline::testsupport;

namespace {

constexpr int IdleConnections = 1000;
constexpr int ConnectionsPerAddress = 256; // the server's default limit per address
constexpr int RequestTimeoutSeconds = 2; // given to the server: slow senders are cut after it
constexpr int Customers = 8;

struct ProcessFootprint
{
    qint64 rssKb = 0;
    int descriptors = 0;
};

ProcessFootprint footprintOf(qint64 pid)
{
    ProcessFootprint footprint;
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                footprint.rssKb = line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    }
    footprint.descriptors = int(QDir(QStringLiteral("/proc/%1/fd").arg(pid))
                                    .entryList(QDir::NoDotAndDotDot | QDir::AllEntries)
                                    .size());
    return footprint;
}

// One raw connection from `from` that sends `request`, all at once or one byte every `pace`,
// and keeps what the server answers until it closes the connection.
class RawConnection final : public QObject
{
public:
    RawConnection(const QHostAddress &from, quint16 port, QByteArray request,
        std::chrono::milliseconds pace, QObject *parent)
        : QObject(parent)
        , m_request(std::move(request))
    {
        m_socket.bind(from);
        connect(
            &m_socket, &QTcpSocket::readyRead, this, [this] { m_answer += m_socket.readAll(); });
        connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_closed = true; });
        connect(&m_socket, &QTcpSocket::errorOccurred, this,
            [this](QAbstractSocket::SocketError error) {
                if (error == QAbstractSocket::RemoteHostClosedError)
                    m_closed = true;
            });
        connect(&m_socket, &QTcpSocket::connected, this, [this, pace] {
            m_connected = true;
            if (pace.count() == 0) {
                m_socket.write(m_request);
                return;
            }
            m_trickle.setInterval(pace);
            connect(&m_trickle, &QTimer::timeout, this, [this] {
                if (m_sent < m_request.size()
                    && m_socket.state() == QAbstractSocket::ConnectedState)
                    m_socket.write(m_request.mid(m_sent++, 1));
                else
                    m_trickle.stop();
            });
            m_trickle.start();
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

    bool connected() const { return m_connected; }
    bool closed() const { return m_closed; }
    QByteArray answer() const { return m_answer; }
    int status() const { return m_answer.startsWith("HTTP/1.1 ") ? m_answer.mid(9, 3).toInt() : 0; }
    void close() { m_socket.abort(); }

private:
    QTcpSocket m_socket;
    QByteArray m_request;
    QTimer m_trickle;
    qsizetype m_sent = 0;
    QByteArray m_answer;
    bool m_connected = false;
    bool m_closed = false;
};

// Customers chatting as the chat page does, one request at a time each: send a message, poll
// the history, again, until stopped. Keeps the duration of every exchange.
class NormalCustomers final : public QObject
{
public:
    struct Customer
    {
        QString sessionId;
        QByteArray token;
        qint64 lastSeq = 0;
        int turn = 0;
    };

    NormalCustomers(const QString &url, QList<Customer> customers)
        : m_url(url)
        , m_customers(std::move(customers))
    {
        m_network.setProxy(QNetworkProxy::NoProxy);
    }

    void start()
    {
        m_running = true;
        for (int i = 0; i < m_customers.size(); ++i)
            next(i);
    }
    void stop() { m_running = false; }
    bool idle() const { return m_inFlight == 0; }
    QList<qint64> latenciesMs() const { return m_latenciesMs; }
    QStringList failures() const { return m_failures; }

private:
    void next(int index)
    {
        if (!m_running)
            return;
        Customer &c = m_customers[index];
        QNetworkReply *reply = nullptr;
        if (c.turn++ % 2 == 0) {
            QNetworkRequest request(QUrl(m_url + QStringLiteral("/api/chat/message")));
            request.setHeader(
                QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            request.setRawHeader("Authorization", "Bearer " + c.token);
            const QJsonObject body { { QStringLiteral("sessionId"), c.sessionId },
                { QStringLiteral("message"),
                    QStringLiteral("Where is my order %1?").arg(c.turn) } };
            reply = m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        } else {
            QNetworkRequest request(QUrl(m_url
                + QStringLiteral("/api/chat/history?sessionId=%1&after=%2")
                      .arg(c.sessionId)
                      .arg(c.lastSeq)));
            request.setRawHeader("Authorization", "Bearer " + c.token);
            reply = m_network.get(request);
        }
        ++m_inFlight;
        QElapsedTimer clock;
        clock.start();
        connect(reply, &QNetworkReply::finished, this, [this, reply, index, clock] {
            --m_inFlight;
            reply->deleteLater();
            m_latenciesMs.append(clock.elapsed());
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray body = reply->readAll();
            if (status != 200) {
                m_failures << QStringLiteral("%1: HTTP %2 %3")
                                  .arg(reply->url().path())
                                  .arg(status)
                                  .arg(QString::fromUtf8(body.left(200)));
            } else if (clock.elapsed() > RequestTimeoutSeconds * 1000) {
                m_failures << QStringLiteral("%1 waited %2 ms")
                                  .arg(reply->url().path())
                                  .arg(clock.elapsed());
            }
            for (const QJsonValue &m :
                QJsonDocument::fromJson(body).object().value(QStringLiteral("messages")).toArray())
                m_customers[index].lastSeq = std::max(m_customers[index].lastSeq,
                    m.toObject().value(QStringLiteral("seq")).toInteger());
            next(index);
        });
    }

    QString m_url;
    QList<Customer> m_customers;
    QNetworkAccessManager m_network;
    QList<qint64> m_latenciesMs;
    QStringList m_failures;
    int m_inFlight = 0;
    bool m_running = false;
};

QByteArray post(const QByteArray &path, const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "POST " + path
        + " HTTP/1.1\r\nHost: frontline\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n" + body;
}

qint64 percentile(QList<qint64> values, double p)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    return values.at(std::min<qsizetype>(values.size() - 1, qsizetype(p * double(values.size()))));
}

} // namespace

class TestAbuse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // A thousand sockets of our own, on a machine whose soft limit may be 1,024.
        rlimit limit {};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &limit), 0);
        limit.rlim_cur = limit.rlim_max;
        QCOMPARE(setrlimit(RLIMIT_NOFILE, &limit), 0);
        QVERIFY2(limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > IdleConnections + 200,
            "this test needs more than 1,200 open files: raise the hard limit (ulimit -Hn)");
    }

    void customersAreServedThroughAbuse()
    {
        QTemporaryDir home;
        const QStringList args { QStringLiteral("--database"),
            QStringLiteral("sqlite:") + home.filePath(QStringLiteral("abuse.db")),
            QStringLiteral("--rate-limits"), QStringLiteral("off") };
        QProcessEnvironment environment = isolatedEnvironment(home.path());
        environment.insert(
            QStringLiteral("FRONTLINE_REQUEST_TIMEOUT"), QString::number(RequestTimeoutSeconds));
        QProcess server;
        const QString url = startHeadless(server, args, environment);
        QVERIFY2(!url.isEmpty(), server.readAllStandardError().constData());
        const quint16 port = quint16(QUrl(url).port());

        ApiClient api(url);
        QList<NormalCustomers::Customer> customers;
        for (int i = 0; i < Customers; ++i) {
            const CustomerSession created = api.createSession();
            QCOMPARE(created.created.status, 201);
            customers.append({ created.id, created.token });
        }

        // The baseline: after the same normal traffic, without abuse.
        QList<qint64> quietLatencies;
        {
            NormalCustomers warmUp(url, customers);
            warmUp.start();
            QTest::qWait(2000);
            warmUp.stop();
            QTRY_VERIFY(warmUp.idle());
            QVERIFY2(warmUp.failures().isEmpty(), qPrintable(warmUp.failures().join(u'\n')));
            quietLatencies = warmUp.latenciesMs();
        }
        QTest::qWait(500);
        const ProcessFootprint baseline = footprintOf(server.processId());
        qInfo("baseline: RSS %lld kB, %d descriptors; quiet customers: %lld exchanges, p50 %lld "
              "ms, p99 %lld ms",
            baseline.rssKb, baseline.descriptors, qint64(quietLatencies.size()),
            percentile(quietLatencies, 0.5), percentile(quietLatencies, 0.99));

        for (int round = 1; round <= 2; ++round) {
            {
                NormalCustomers normal(url, customers);
                normal.start();
                abuse(port, server.processId(), baseline);
                normal.stop();
                QTRY_VERIFY(normal.idle());
                const QList<qint64> latencies = normal.latenciesMs();
                qInfo("round %d: customers had %lld exchanges during the abuse, p50 %lld ms, p99 "
                      "%lld ms, max %lld ms",
                    round, qint64(latencies.size()), percentile(latencies, 0.5),
                    percentile(latencies, 0.99), percentile(latencies, 1.0));
                QVERIFY2(normal.failures().isEmpty(), qPrintable(normal.failures().join(u'\n')));
                QVERIFY(latencies.size() > 20);
            } // the customers leave too, with their kept-alive connections

            // Back to the baseline: every descriptor, and no memory kept from one round to the
            // next.
            QTRY_COMPARE_WITH_TIMEOUT(
                footprintOf(server.processId()).descriptors, baseline.descriptors, 15000);
            QTest::qWait(3000); // the server gives freed memory back 2 s after a crowd has left
            const ProcessFootprint after = footprintOf(server.processId());
            qInfo("round %d: after the abuse RSS %lld kB (%+lld kB), %d descriptors", round,
                after.rssKb, after.rssKb - baseline.rssKb, after.descriptors);
            // What is left is the allocator's own bookkeeping (about 1.5 MB here), not the abuse.
            QVERIFY2(after.rssKb <= baseline.rssKb + 5 * 1024,
                qPrintable(QStringLiteral("RSS went from %1 kB to %2 kB")
                               .arg(baseline.rssKb)
                               .arg(after.rssKb)));
        }
        QCOMPARE(stopHeadless(server), 0);
    }

private:
    void abuse(quint16 port, qint64 pid, const ProcessFootprint &baseline)
    {
        QObject abusers;
        const auto raw = [&](const QHostAddress &from, const QByteArray &request,
                             std::chrono::milliseconds pace = std::chrono::milliseconds(0)) {
            return new RawConnection(from, port, request, pace, &abusers);
        };

        // 1,000 idle connections, from four addresses, that never send a byte; the first
        // address is then full.
        QList<RawConnection *> idle;
        for (int i = 0; i < IdleConnections; ++i)
            idle << raw(
                QHostAddress(QStringLiteral("127.0.0.%1").arg(2 + i / ConnectionsPerAddress)), {});
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(idle.cbegin(), idle.cend(), [](auto *c) { return c->connected(); }), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(
            footprintOf(pid).descriptors >= baseline.descriptors + IdleConnections, 20000);
        // One more from a full address, a customer behind the same address, is served: the
        // quietest of the idle ones makes room for it.
        QTest::qWait(500); // set up, all of them
        RawConnection *neighbour = raw(QHostAddress(QStringLiteral("127.0.0.2")),
            "GET /healthz HTTP/1.1\r\nHost: frontline\r\nConnection: close\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(neighbour->closed(), 10000);
        QCOMPARE(neighbour->status(), 200);
        QTRY_COMPARE_WITH_TIMEOUT(
            std::count_if(idle.cbegin(), idle.cend(), [](auto *c) { return c->closed(); }), 1,
            10000);

        // Clients that pipeline requests and never read the answers (84 KB of requests each,
        // whose answers would take 48 MB each): the server stops reading from them instead
        // of queuing their answers.
        const ProcessFootprint beforePipeliners = footprintOf(pid);
        QList<QTcpSocket *> pipeliners;
        const QByteArray pipelinedRequests
            = QByteArray("GET /support/chat.js HTTP/1.1\r\nHost: frontline\r\n\r\n")
                  .repeated(84 * 1024 / 50);
        for (int i = 0; i < 10; ++i) {
            auto *socket = new QTcpSocket(&abusers);
            socket->setReadBufferSize(1); // Qt stops reading for us once it holds one byte
            socket->bind(QHostAddress(QStringLiteral("127.0.0.21")));
            connect(socket, &QTcpSocket::connected, socket,
                [socket, pipelinedRequests] { socket->write(pipelinedRequests); });
            socket->connectToHost(QHostAddress::LocalHost, port);
            pipeliners.append(socket);
        }
        QTest::qWait(3000);
        const ProcessFootprint piledUp = footprintOf(pid);
        qInfo("with 10 pipeliners that do not read: RSS %lld kB (%+lld kB)", piledUp.rssKb,
            piledUp.rssKb - beforePipeliners.rssKb);
        QVERIFY2(piledUp.rssKb < beforePipeliners.rssKb + 32 * 1024,
            qPrintable(QStringLiteral("RSS went from %1 kB to %2 kB")
                           .arg(beforePipeliners.rssKb)
                           .arg(piledUp.rssKb)));
        for (QTcpSocket *socket : pipeliners)
            socket->abort();

        // Slow senders: a request line and headers, or a body, a byte every 300 ms.
        const QHostAddress other(QStringLiteral("127.0.0.20"));
        QList<RawConnection *> slow;
        for (int i = 0; i < 20; ++i)
            slow << raw(other, post("/api/chat/message", QByteArray(200, 'x')),
                std::chrono::milliseconds(300));
        // Oversized and malformed requests, over and over.
        struct Refusal
        {
            QByteArray request;
            int status;
        };
        const QList<Refusal> refusals {
            { "POST /api/chat/message HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n",
                413 },
            { "GET /api/chat/history HTTP/1.1\r\nHost: x\r\nX-Padding: "
                    + QByteArray(200 * 1024, 'a') + "\r\n\r\n",
                431 },
            { "POST /api/chat/message HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
              "chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                411 },
            { QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n", 22), 400 },
            { "GET /api/chat/history HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", 400 },
            { post("/api/chat/message", "{\"sessionId\": \"x\", \"message\": "), 400 },
            { post("/api/chat/message", QByteArray(5000, '[') + QByteArray(5000, ']')), 400 },
            { post("/api/chat/create-session", "[1, 2, 3]"), 400 },
        };
        QList<std::pair<RawConnection *, int>> refused;
        for (int repeat = 0; repeat < 25; ++repeat) {
            for (const Refusal &refusal : refusals)
                refused.append({ raw(other, refusal.request), refusal.status });
            QTest::qWait(40);
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(refused.cbegin(), refused.cend(),
                                     [](const auto &r) { return r.first->status() != 0; }),
            20000);
        for (const auto &[connection, status] : refused)
            QVERIFY2(connection->status() == status,
                qPrintable(QStringLiteral("expected %1, got: %2")
                               .arg(status)
                               .arg(QString::fromUtf8(connection->answer().left(300)))));

        // The slow senders are cut off after the request timeout, with a 408.
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(slow.cbegin(), slow.cend(), [](auto *c) { return c->closed(); }),
            (RequestTimeoutSeconds + 5) * 1000);
        for (RawConnection *connection : slow)
            QCOMPARE(connection->status(), 408);

        // The other idle ones are still open (the idle timeout is a minute): the clients leave.
        QCOMPARE(std::count_if(idle.cbegin(), idle.cend(), [](auto *c) { return c->closed(); }), 1);
        for (RawConnection *connection : idle)
            connection->close();
    }
};

QTEST_GUILESS_MAIN(TestAbuse)
#include "tst_abuse.moc"
