// SPDX-License-Identifier: GPL-3.0-or-later
#include "assistant/ssestream.h"

#include <QTest>

using namespace frontline;

class TestSseStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsEventsHoweverTheyAreSplit_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QList<QByteArray>>("data");
        QTest::newRow("lf") << QByteArray("data: {\"a\":1}\n\ndata: [DONE]\n\n")
                            << QList<QByteArray> { "{\"a\":1}", "[DONE]" };
        QTest::newRow("crlf") << QByteArray("data: x\r\n\r\ndata: y\r\n\r\n")
                              << QList<QByteArray> { "x", "y" };
        QTest::newRow("comments") << QByteArray(": OPENROUTER PROCESSING\n\ndata: x\n\n: ping\n\n")
                                  << QList<QByteArray> { "x" };
        QTest::newRow("multi-line data")
            << QByteArray("data: a\ndata: b\n\n") << QList<QByteArray> { "a\nb" };
        QTest::newRow("no space after colon")
            << QByteArray("data:x\n\n") << QList<QByteArray> { "x" };
        QTest::newRow("unfinished last event")
            << QByteArray("data: x\n\ndata: y\n") << QList<QByteArray> { "x" };
        QTest::newRow("event names and ids")
            << QByteArray("event: delta\nid: 4\ndata: z\n\n") << QList<QByteArray> { "z" };
    }
    void readsEventsHoweverTheyAreSplit()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QList<QByteArray>, data);
        for (int chunk : { 1, 2, 3, 7, 1000 }) {
            SseStream parser;
            QList<QByteArray> got;
            for (qsizetype at = 0; at < stream.size(); at += chunk) {
                for (const auto &event : parser.feed(stream.mid(at, chunk)))
                    got.append(event.data);
            }
            QCOMPARE(got, data);
        }
    }

    void reportsACutStream()
    {
        SseStream parser;
        parser.feed("data: {\"choices\":[{\"delta\":{\"content\":\"Hel");
        QVERIFY(parser.hasPartialEvent());
        SseStream complete;
        complete.feed("data: x\n\n");
        QVERIFY(!complete.hasPartialEvent());
    }
};

QTEST_GUILESS_MAIN(TestSseStream)
#include "tst_ssestream.moc"
