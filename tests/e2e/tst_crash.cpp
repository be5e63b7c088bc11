// SPDX-License-Identifier: GPL-3.0-or-later
// Nothing acknowledged is lost: clients send messages with their own ids and record every
// acknowledgement while the real binary is killed with SIGKILL mid-load; after a restart
// every acknowledged message is there exactly once, in order, and retrying the ones that
// were never acknowledged stores each once. On SQLite and PostgreSQL.

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

using namespace frontline::testsupport;

namespace {

constexpr int Sessions = 16;

struct Conversation
{
    QString sessionId;
    QByteArray token;
    int next = 0; // the number of the next message to send
    QStringList acknowledged; // client ids, in the order their acknowledgements came
    QStringList unacknowledged; // sent, no answer (the server died meanwhile)
};

QString clientId(int session, int number)
{
    return QStringLiteral("crash-%1-%2").arg(session).arg(number);
}

} // namespace

class TestCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { TestDatabases::addDialectRows(); }
    void initTestCase() { QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString())); }

    void acknowledgedMessagesSurviveSigkill()
    {
        QFETCH_GLOBAL(QString, dialect);
        QTemporaryDir home;
        const QStringList args { QStringLiteral("--database"), m_databases.freshUrlText(dialect),
            QStringLiteral("--rate-limits"), QStringLiteral("off") };
        const QProcessEnvironment environment = isolatedEnvironment(home.path());
        QProcess server;
        QString url = startHeadless(server, args, environment);
        QVERIFY2(!url.isEmpty(), server.readAllStandardError().constData());

        m_api.setBaseUrl(url);
        QList<Conversation> conversations(Sessions);
        for (Conversation &c : conversations) {
            const CustomerSession created = m_api.createSession();
            QCOMPARE(created.created.status, 201);
            c.sessionId = created.id;
            c.token = created.token;
        }

        // Each conversation sends its messages one after another, as a chat page does.
        QNetworkAccessManager network;
        network.setProxy(QNetworkProxy::NoProxy);
        int acknowledgements = 0;
        bool killed = false;
        std::function<void(int)> sendNext = [&](int index) {
            Conversation &c = conversations[index];
            const QString id = clientId(index, c.next++);
            QNetworkRequest request(QUrl(url + QStringLiteral("/api/chat/message")));
            request.setHeader(
                QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            request.setRawHeader("Authorization", "Bearer " + c.token);
            const QJsonObject body { { QStringLiteral("sessionId"), c.sessionId },
                { QStringLiteral("message"), QString(QStringLiteral("message ") + id) },
                { QStringLiteral("clientMessageId"), id } };
            QNetworkReply *reply
                = network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
            QObject::connect(reply, &QNetworkReply::finished, &network, [&, reply, index, id] {
                reply->deleteLater();
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200) {
                    conversations[index].acknowledged.append(id);
                    ++acknowledgements;
                    if (!killed)
                        sendNext(index);
                } else {
                    conversations[index].unacknowledged.append(id);
                }
            });
        };
        for (int i = 0; i < Sessions; ++i)
            sendNext(i);

        // Mid-load: after some hundreds of acknowledgements, with requests in flight.
        QVERIFY(QTest::qWaitFor([&] { return acknowledgements >= 300; }, 60000));
        killed = true;
        server.kill(); // SIGKILL: no clean shutdown
        QVERIFY(server.waitForFinished(5000));
        QTRY_VERIFY_WITH_TIMEOUT(network.findChildren<QNetworkReply *>().isEmpty(), 10000);
        qInfo("%d messages acknowledged before SIGKILL", acknowledgements);

        url = startHeadless(server, args, environment);
        QVERIFY2(!url.isEmpty(), server.readAllStandardError().constData());
        m_api.setBaseUrl(url);
        int unacknowledged = 0;
        for (int index = 0; index < Sessions; ++index) {
            Conversation &c = conversations[index];
            // What the server has: each acknowledged message once, in the order it was sent.
            QStringList stored = storedClientIds(c);
            QCOMPARE(stored.mid(0, c.acknowledged.size()), c.acknowledged);
            QVERIFY2(stored.size() <= c.acknowledged.size() + c.unacknowledged.size(),
                qPrintable(stored.join(u',')));
            // The unacknowledged may or may not have been stored; retried, each is stored once.
            for (const QString &id : c.unacknowledged) {
                ++unacknowledged;
                const HttpResult retried = m_api.sendMessage(
                    { c.sessionId, c.token, {} }, QString(QStringLiteral("message ") + id), id);
                QCOMPARE(retried.status, 200);
            }
            stored = storedClientIds(c);
            QCOMPARE(stored, c.acknowledged + c.unacknowledged);
        }
        qInfo("%d messages were in flight and retried", unacknowledged);
        QCOMPARE(stopHeadless(server), 0);
    }

private:
    // The customer's messages of a session, by client id, in seq order.
    QStringList storedClientIds(const Conversation &c)
    {
        QStringList ids;
        qint64 after = 0;
        for (;;) {
            const HttpResult page
                = m_api.get(QStringLiteral("/api/chat/history?sessionId=%1&after=%2&limit=200")
                                .arg(c.sessionId)
                                .arg(after),
                    c.token);
            if (page.status != 200)
                return { QStringLiteral("HTTP %1").arg(page.status) };
            const QJsonArray messages = page.json().value(QStringLiteral("messages")).toArray();
            for (const QJsonValue &value : messages) {
                const QJsonObject m = value.toObject();
                after = m.value(QStringLiteral("seq")).toInteger();
                if (m.value(QStringLiteral("role")).toString() == QLatin1String("USER"))
                    ids << m.value(QStringLiteral("clientMessageId")).toString();
            }
            if (!page.json().value(QStringLiteral("hasMore")).toBool())
                return ids;
        }
    }

    TestDatabases m_databases;
    ApiClient m_api;
};

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
