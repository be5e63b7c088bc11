// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/requestframer.h"

#include <QRandomGenerator>
#include <QTest>

using namespace frontline::http;

namespace {

struct Outcome
{
    bool rejected = false;
    int status = 0;
    int completed = 0;
};

Outcome feedWhole(const QByteArray &input, FramingLimits limits = {})
{
    RequestFramer framer(limits);
    const bool rejected = framer.feed(input) == RequestFramer::Verdict::Rejected;
    return { rejected, framer.rejection().status, framer.completedRequests() };
}

Outcome feedBytewise(const QByteArray &input, FramingLimits limits = {})
{
    RequestFramer framer(limits);
    bool rejected = false;
    for (char c : input)
        rejected = framer.feed(QByteArrayView(&c, 1)) == RequestFramer::Verdict::Rejected;
    return { rejected, framer.rejection().status, framer.completedRequests() };
}

} // namespace

class TestRequestFramer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void frames_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("status"); // 0: accepted
        QTest::addColumn<int>("completed");
        const QByteArray get = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
        QTest::newRow("get") << get << 0 << 1;
        QTest::newRow("post with body") << QByteArray(
            "POST /api/chat/message HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
                                        << 0 << 1;
        QTest::newRow("pipelined")
            << (get + "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}" + get) << 0 << 3;
        QTest::newRow("leading empty lines") << (QByteArray("\r\n\r\n") + get) << 0 << 1;
        QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.0\nHost: x\n\n") << 0 << 1;
        QTest::newRow("partial body")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhalf") << 0 << 0;
        QTest::newRow("options star")
            << QByteArray("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n") << 0 << 1;
        QTest::newRow("garbage") << QByteArray("HELLO\r\n") << 400 << 0;
        QTest::newRow("tls handshake") << QByteArray("\x16\x03\x01\x02\x00", 5) << 400 << 0;
        QTest::newRow("missing version") << QByteArray("GET /\r\n") << 400 << 0;
        QTest::newRow("lower-case method")
            << QByteArray("get / HTTP/1.1\r\nHost: x\r\n") << 501 << 0;
        QTest::newRow("unknown method")
            << QByteArray("BREW /pot HTTP/1.1\r\nHost: x\r\n") << 501 << 0;
        QTest::newRow("bad method chars")
            << QByteArray("G(T / HTTP/1.1\r\nHost: x\r\n") << 400 << 0;
        QTest::newRow("space in target")
            << QByteArray("GET /a b HTTP/1.1\r\nHost: x\r\n") << 400 << 0;
        QTest::newRow("control in target")
            << QByteArray("GET /a\x01 HTTP/1.1\r\nHost: x\r\n") << 400 << 0;
        QTest::newRow("relative target") << QByteArray("GET a HTTP/1.1\r\nHost: x\r\n") << 400 << 0;
        QTest::newRow("http 2") << QByteArray("GET / HTTP/2.0\r\n") << 505 << 0;
        QTest::newRow("bad version") << QByteArray("GET / HTTPS/1.1\r\n") << 400 << 0;
        QTest::newRow("bad header name")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nBad Name: x\r\n\r\n") << 400 << 0;
        QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n")
                                  << 400 << 0;
        QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n c\r\n\r\n")
                                  << 400 << 0;
        QTest::newRow("control in value")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nA: b\x01\r\n\r\n") << 400 << 0;
        QTest::newRow("content-length over limit")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65537\r\n\r\n") << 413
            << 0;
        QTest::newRow("content-length at limit")
            << (QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65536\r\n\r\n")
                   + QByteArray(65536, 'x'))
            << 0 << 1;
        QTest::newRow("conflicting lengths") << QByteArray(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
                                             << 400 << 0;
        QTest::newRow("same length twice") << QByteArray(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx")
                                           << 0 << 1;
        QTest::newRow("non-numeric length")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1e3\r\n\r\n") << 400 << 0;
        QTest::newRow("negative length")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400 << 0;
        QTest::newRow("chunked") << QByteArray(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                                 << 411 << 0;
        QTest::newRow("rejects after a good one") << (get + "BAD\r\n") << 400 << 1;
        // RFC 9112 3.2: one Host in HTTP/1.1; none is fine in HTTP/1.0, two never.
        QTest::newRow("no host") << QByteArray("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n") << 400 << 0;
        QTest::newRow("two hosts")
            << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n") << 400 << 0;
        QTest::newRow("http 1.0 without host") << QByteArray("GET / HTTP/1.0\r\n\r\n") << 0 << 1;
        QTest::newRow("http 1.0 with two hosts")
            << QByteArray("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n") << 400 << 0;
    }
    void frames()
    {
        QFETCH(QByteArray, input);
        const Outcome whole = feedWhole(input);
        const Outcome bytewise = feedBytewise(input);
        QTEST(whole.status, "status");
        QTEST(whole.completed, "completed");
        QCOMPARE(whole.rejected, whole.status != 0);
        QCOMPARE(bytewise.status, whole.status);
        QCOMPARE(bytewise.completed, whole.completed);
    }

    void limitsTheHead()
    {
        const FramingLimits limits { 100, 1000 };
        QByteArray head = "GET / HTTP/1.1\r\nHost: x\r\nX: ";
        head += QByteArray(100 - head.size() - 4, 'a') + "\r\n\r\n"; // exactly 100 bytes
        QCOMPARE(head.size(), 100);
        QCOMPARE(feedWhole(head, limits).status, 0);
        QCOMPARE(feedWhole(head, limits).completed, 1);
        head.insert(30, 'a');
        QCOMPARE(feedWhole(head, limits).status, 431);
        // Detected without the end of the head ever arriving.
        QCOMPARE(
            feedWhole(QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX: ") + QByteArray(200, 'a'), limits)
                .status,
            431);
    }

    void asksForContinueOnce()
    {
        RequestFramer framer;
        framer.feed(
            "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        QVERIFY(framer.takeContinueRequest());
        QVERIFY(!framer.takeContinueRequest());
        framer.feed("{}");
        QCOMPARE(framer.completedRequests(), 1);
        framer.feed(
            "GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n"); // no body: nothing to
                                                                          // continue
        QVERIFY(!framer.takeContinueRequest());
    }

    void tracksWhetherARequestIsUnderWay()
    {
        RequestFramer framer;
        QVERIFY(!framer.inRequest());
        framer.feed("\r\n");
        QVERIFY(!framer.inRequest());
        framer.feed("GET / HT");
        QVERIFY(framer.inRequest());
        framer.feed("TP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(!framer.inRequest());
        framer.feed("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nab");
        QVERIFY(framer.inRequest());
        framer.feed("c");
        QVERIFY(!framer.inRequest());
        QCOMPARE(framer.completedRequests(), 2);
    }

    void tellsWhatTheListenerNeeds_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<bool>("head");
        QTest::addColumn<bool>("closeAfter");
        QTest::addColumn<QByteArray>("forwardedFor");
        QTest::newRow("keep-alive")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << false << false << QByteArray();
        QTest::newRow("close") << QByteArray(
            "GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Close\r\n\r\n")
                               << false << true << QByteArray();
        QTest::newRow("http 1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false << true
                                  << QByteArray();
        QTest::newRow("http 1.0 keep-alive")
            << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << false << false
            << QByteArray();
        QTest::newRow("head") << QByteArray("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n") << true << false
                              << QByteArray();
        QTest::newRow("forwarded twice")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: "
                          "1.2.3.4\r\nx-forwarded-for: 5.6.7.8\r\n\r\n")
            << false << false << QByteArray("1.2.3.4,5.6.7.8");
    }
    void tellsWhatTheListenerNeeds()
    {
        QFETCH(QByteArray, input);
        RequestFramer framer;
        QCOMPARE(framer.feed(input), RequestFramer::Verdict::NeedMore);
        QCOMPARE(framer.completedRequests(), 1);
        QTEST(framer.lastHead().head, "head");
        QTEST(framer.lastHead().closeAfter, "closeAfter");
        QTEST(framer.lastHead().forwardedFor, "forwardedFor");
    }

    void cutsPipelinedRequestsTheSameAtAnySplit()
    {
        // The listener cuts the stream into requests with feedUntilRequestEnds, whatever
        // pieces TCP delivers: every split must give the same requests, each byte once.
        const QByteArray stream
            = "\r\nGET /support/chat.js HTTP/1.1\r\nHost: x\r\n\r\n"
              "POST /api/chat/message HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
              "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
        const QList<QByteArray> expected { "\r\nGET /support/chat.js HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /api/chat/message HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
            "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" };
        QRandomGenerator random(20261201);
        for (int round = 0; round < 3000; ++round) {
            RequestFramer framer;
            QList<QByteArray> requests;
            QByteArray current;
            for (qsizetype at = 0; at < stream.size();) {
                QByteArrayView piece = QByteArrayView(stream).sliced(
                    at, std::min<qsizetype>(random.bounded(1, 40), stream.size() - at));
                at += piece.size();
                while (!piece.isEmpty()) {
                    const int before = framer.completedRequests();
                    const qsizetype used = framer.feedUntilRequestEnds(piece);
                    QVERIFY(used > 0);
                    current += piece.first(used);
                    piece = piece.sliced(used);
                    if (framer.completedRequests() != before)
                        requests.append(std::exchange(current, {}));
                }
            }
            QCOMPARE(framer.rejection().status, 0);
            QCOMPARE(requests, expected);
        }
    }

    void survivesRandomInput()
    {
        QRandomGenerator random(20261124);
        for (int i = 0; i < 2000; ++i) {
            QByteArray input(random.bounded(4096), Qt::Uninitialized);
            for (char &c : input)
                c = static_cast<char>(random.bounded(256));
            if (i % 2) // half of them start like a request, to get past the first line
                input.prepend("POST / HTTP/1.1\r\nContent-Length: 10\r\n");
            RequestFramer framer({ 512, 1024 });
            for (qsizetype at = 0; at < input.size();) {
                const qsizetype n = std::min<qsizetype>(random.bounded(1, 300), input.size() - at);
                framer.feed(QByteArrayView(input).sliced(at, n));
                at += n;
            }
            QVERIFY(framer.completedRequests() >= 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestRequestFramer)
#include "tst_requestframer.moc"
