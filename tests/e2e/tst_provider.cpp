// SPDX-License-Identifier: GPL-3.0-or-later
// The real binary configured as an operator would, through OPENAI_BASE_URL and
// OPENAI_API_KEY, answering a customer through a fake OpenAI-compatible server.

#include "eventstreamclient.h"
#include "fakeopenai.h"
#include "frontlineprocess.h"
#include "httpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace frontline::testsupport;

class TestProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answersThroughTheConfiguredProvider()
    {
        FakeOpenAi fake;
        fake.script(FakeReply::streamed({QStringLiteral("Bonjour"), QStringLiteral(" Camille,"),
                                         QStringLiteral(" voici la procédure.")}, 30, 12));
        const QString key = QStringLiteral("sk-e2e-secret-key");
        QTemporaryDir home;
        QProcessEnvironment environment = isolatedEnvironment(home.path());
        environment.insert(QStringLiteral("OPENAI_API_KEY"), key);
        environment.insert(QStringLiteral("OPENAI_BASE_URL"), fake.baseUrl());
        QProcess server;
        const QString url = startHeadless(server, {}, environment);
        QVERIFY2(!url.isEmpty(), server.readAllStandardError().constData());

        HttpClient http;
        const HttpResult created = http.post(QUrl(url + QStringLiteral("/api/chat/create-session")),
                                             R"({"locale":"fr","name":"Camille"})", {{"Content-Type", "application/json"}});
        QCOMPARE(created.status, 201);
        const QString sessionId = created.json().value(QStringLiteral("sessionId")).toString();
        const QByteArray token = created.json().value(QStringLiteral("sessionToken")).toString().toLatin1();

        EventStreamClient events;
        events.open(QUrl(url + QStringLiteral("/api/chat/events?sessionId=") + sessionId),
            { { "Authorization", "Bearer " + token } });
        QVERIFY(events.waitFor("message", 1));
        const HttpResult sent = http.post(
                QUrl(url + QStringLiteral("/api/chat/message")),
                QJsonDocument(QJsonObject{{QStringLiteral("sessionId"), sessionId},
                                          {QStringLiteral("message"), QStringLiteral("Comment changer mon mot de passe ?")}})
                        .toJson(QJsonDocument::Compact),
                {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
        QCOMPARE(sent.status, 200);
        const QString answer = QStringLiteral("Bonjour Camille, voici la procédure.");
        QCOMPARE(sent.json().value(QStringLiteral("reply")).toObject().value(QStringLiteral("content")).toString(), answer);

        QVERIFY(events.waitFor("delta", 3));
        QVERIFY(events.waitFor("message", 3));
        const HttpResult history = http.get(QUrl(url + QStringLiteral("/api/chat/history?sessionId=") + sessionId),
                                            {{"Authorization", "Bearer " + token}});
        QCOMPARE(history.json().value(QStringLiteral("messages")).toArray().last().toObject()
                         .value(QStringLiteral("content")).toString(), answer);
        QCOMPARE(fake.authorizations().first(), "Bearer " + key.toUtf8());

        QCOMPARE(stopHeadless(server), 0);
        const QByteArray logs = server.readAllStandardError();
        QVERIFY2(!logs.contains(key.toUtf8()), logs.constData());
    }
};

QTEST_GUILESS_MAIN(TestProvider)
#include "tst_provider.moc"
