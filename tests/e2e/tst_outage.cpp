// SPDX-License-Identifier: GPL-3.0-or-later
// PostgreSQL stops under load: the real binary answers at once with 503 and a clear error (no
// hang, no crash); when it is back the server reconnects by itself and serves again, and
// nothing that was acknowledged is lost or doubled.

#include "apiclient.h"
#include "frontlineprocess.h"
#include "testdatabases.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace frontline::testsupport;

namespace {

constexpr int Senders = 8;

struct Sender
{
    QString sessionId;
    QByteArray token;
    int next = 0;
    QStringList acknowledged;
};

} // namespace

class TestOutage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString())); }

    void postgresqlStopsUnderLoadAndComesBack()
    {
        QTemporaryDir home;
        QProcess server;
        const QString url = startHeadless(server,
            { QStringLiteral("--database"), m_databases.freshUrlText(QStringLiteral("postgresql")),
                QStringLiteral("--rate-limits"), QStringLiteral("off") },
            isolatedEnvironment(home.path()));
        QVERIFY2(!url.isEmpty(), server.readAllStandardError().constData());

        ApiClient api(url);
        QList<Sender> senders(Senders);
        for (Sender &s : senders) {
            const CustomerSession created = api.createSession();
            QCOMPARE(created.created.status, 201);
            s.sessionId = created.id;
            s.token = created.token;
        }

        // Each sender sends one message after another; a refusal is retried with the same id.
        QNetworkAccessManager network;
        network.setProxy(QNetworkProxy::NoProxy);
        int acknowledgements = 0;
        int refusals = 0;
        qint64 slowestRefusalMs = 0;
        QByteArray refusalBody;
        bool running = true;
        std::function<void(int, int)> send = [&](int index, int number) {
            Sender &s = senders[index];
            const QString id = QStringLiteral("outage-%1-%2").arg(index).arg(number);
            QNetworkRequest request(QUrl(url + QStringLiteral("/api/chat/message")));
            request.setHeader(
                QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            request.setRawHeader("Authorization", "Bearer " + s.token);
            const QJsonObject body { { QStringLiteral("sessionId"), s.sessionId },
                { QStringLiteral("message"), QString(QStringLiteral("message ") + id) },
                { QStringLiteral("clientMessageId"), id } };
            auto timer = std::make_shared<QElapsedTimer>();
            timer->start();
            QNetworkReply *reply
                = network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
            QObject::connect(
                reply, &QNetworkReply::finished, &network, [&, reply, index, number, id, timer] {
                    reply->deleteLater();
                    const int status
                        = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                    if (status == 200) {
                        senders[index].acknowledged.append(id);
                        ++acknowledgements;
                        if (running)
                            send(index, number + 1);
                        return;
                    }
                    ++refusals;
                    slowestRefusalMs = std::max(slowestRefusalMs, timer->elapsed());
                    if (status == 503 && refusalBody.isEmpty())
                        refusalBody = reply->readAll();
                    if (running) // the same id again, a little later
                        QTimer::singleShot(
                            100, &network, [&, index, number] { send(index, number); });
                });
        };
        for (int i = 0; i < Senders; ++i)
            send(i, 0);

        QVERIFY(QTest::qWaitFor([&] { return acknowledgements >= 100; }, 30000));
        QVERIFY(m_databases.postgres().stop());
        const int beforeOutage = acknowledgements;
        QVERIFY(QTest::qWaitFor([&] { return refusals >= 20; }, 30000));
        QTest::qWait(1000);
        QCOMPARE(server.state(), QProcess::Running); // no crash
        QVERIFY2(acknowledgements - beforeOutage <= Senders,
            "messages acknowledged while the database was down");
        QVERIFY2(refusalBody.contains("\"unavailable\""), refusalBody.constData());
        qInfo("%d refusals while PostgreSQL was down, the slowest in %lld ms", refusals,
            static_cast<long long>(slowestRefusalMs));
        QVERIFY2(slowestRefusalMs < 5000, "a request hung while the database was down");
        const int refusalsWhileDown = refusals;

        QVERIFY2(m_databases.postgres().start(), qPrintable(m_databases.postgres().errorString()));
        const int afterRestart = acknowledgements;
        QVERIFY(QTest::qWaitFor([&] { return acknowledgements >= afterRestart + 100; }, 60000));
        running = false;
        QTRY_VERIFY_WITH_TIMEOUT(network.findChildren<QNetworkReply *>().isEmpty(), 10000);

        // Every acknowledged message is stored once, in the order it was sent.
        for (const Sender &s : senders) {
            QStringList stored;
            const HttpResult page = api.get(
                QStringLiteral("/api/chat/history?sessionId=%1&limit=200").arg(s.sessionId),
                s.token);
            QCOMPARE(page.status, 200);
            for (const QJsonValue &value : page.json().value(QStringLiteral("messages")).toArray())
                if (value.toObject().value(QStringLiteral("role")).toString()
                    == QLatin1String("USER"))
                    stored << value.toObject().value(QStringLiteral("clientMessageId")).toString();
            QCOMPARE(stored, s.acknowledged);
        }
        QCOMPARE(stopHeadless(server), 0);

        // The log tells of the outage once per connection (lost, then back), not once per request.
        QStringList storeLines;
        for (const QByteArray &line : server.readAllStandardError().split('\n'))
            if (line.startsWith("frontline.store: "))
                storeLines << QString::fromUtf8(line);
        qInfo("%d refused requests, %lld store log lines:\n%s", refusalsWhileDown,
            static_cast<long long>(storeLines.size()),
            qPrintable(storeLines.mid(0, 12).join(QLatin1Char('\n'))));
        // Each connection may say it was lost and is back, each that writes that writes fail
        // and succeed again: the writer, the appenders and the readers (as many of each as the
        // machine has cores, at least 2) and the cluster listener's two.
        const int perKind = std::max(2, QThread::idealThreadCount());
        const int connections = 1 + 2 * perKind + 2;
        const int writing = 1 + perKind;
        QVERIFY2(storeLines.size() <= 2 * connections + 2 * writing,
            "the store logs the outage once per request");
    }

private:
    TestDatabases m_databases;
};

QTEST_GUILESS_MAIN(TestOutage)
#include "tst_outage.moc"
