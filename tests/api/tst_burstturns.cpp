// SPDX-License-Identifier: GPL-3.0-or-later
// A burst of new connections does not hold up the customers already connected: the listener
// hands the burst's first requests to QHttpServer a few per turn of the event loop, and a
// connected customer's request in the next turn. Counted in turns of the event loop, which
// this test drives itself (server and clients share its thread), not in milliseconds.

#include "http/httplistener.h"

#include <QCoreApplication>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

using namespace frontline::http;

namespace {

constexpr int BurstSize = 120;

QByteArray request(const char *who)
{
    return QByteArrayLiteral("GET /who HTTP/1.1\r\nHost: test\r\nX-Who: ") + who
        + QByteArrayLiteral("\r\n\r\n");
}

} // namespace

class TestBurstTurns : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servesAConnectedCustomerInTheMiddleOfABurst()
    {
        QHttpServer server;
        int burstHandled = 0;
        int burstHandledBeforeCustomer = -1;
        server.route(QStringLiteral("/who"), [&](const QHttpServerRequest &request) {
            if (request.value("X-Who") == "customer")
                burstHandledBeforeCustomer = burstHandled;
            else
                ++burstHandled;
            return QStringLiteral("ok");
        });
        HttpListener listener(ListenerLimits {}, ClientAddress {});
        QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
        server.bind(&listener);
        const quint16 port = listener.serverPort();

        // The customer, connected and answered once already.
        QTcpSocket customer;
        customer.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(customer.waitForConnected(5000));
        customer.write(request("first"));
        QTRY_VERIFY(customer.bytesAvailable() > 0);
        customer.readAll();
        burstHandled = 0;

        // The burst: connected and set up, then every request sent at once, the customer's
        // with them.
        std::vector<std::unique_ptr<QTcpSocket>> burst;
        for (int i = 0; i < BurstSize; ++i) {
            burst.push_back(std::make_unique<QTcpSocket>());
            burst.back()->connectToHost(QHostAddress::LocalHost, port);
        }
        QTRY_COMPARE(listener.openConnections(), BurstSize + 1);
        for (const auto &socket : burst) {
            socket->write(request("burst"));
            socket->flush();
        }
        customer.write(request("customer"));
        customer.flush();
        QThread::msleep(50); // loopback delivers it all before the server reads any of it

        int mostInOneTurn = 0;
        int turns = 0;
        while (burstHandled < BurstSize && turns < 10 * BurstSize) {
            const int before = burstHandled;
            QCoreApplication::processEvents();
            mostInOneTurn = std::max(mostInOneTurn, burstHandled - before);
            ++turns;
        }
        QCOMPARE(burstHandled, BurstSize);
        // A few per turn, not the whole burst in one.
        QVERIFY2(mostInOneTurn <= 8, qPrintable(QString::number(mostInOneTurn)));
        // The customer was served before most of the burst.
        QVERIFY(burstHandledBeforeCustomer >= 0);
        QVERIFY2(burstHandledBeforeCustomer <= 16,
            qPrintable(QString::number(burstHandledBeforeCustomer)));
    }

    // Below the bound nothing waits: a new connection's request is handed over in the turn
    // it is read, so ordinary traffic keeps the order it arrives in (a page's second send,
    // on a connection already answered, cannot overtake its first on a new one).
    void servesOrdinaryTrafficInTheTurnItIsRead()
    {
        QHttpServer server;
        int handled = 0;
        server.route(QStringLiteral("/who"), [&](const QHttpServerRequest &) {
            ++handled;
            return QStringLiteral("ok");
        });
        HttpListener listener(ListenerLimits {}, ClientAddress {});
        QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
        server.bind(&listener);
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
        QVERIFY(client.waitForConnected(5000));
        QTRY_COMPARE(listener.openConnections(), 1);
        client.write(request("first"));
        client.flush();
        QThread::msleep(50);
        QCoreApplication::processEvents();
        QCOMPARE(handled, 1);
    }
};

QTEST_GUILESS_MAIN(TestBurstTurns)
#include "tst_burstturns.moc"
