// SPDX-License-Identifier: GPL-3.0-or-later
// The real binary configured as an operator would, through OPENAI_BASE_URL and
// OPENAI_API_KEY, answering a customer through a fake OpenAI-compatible server.

#include "apiclient.h"
#include "eventstreamclient.h"
#include "fakeopenai.h"
#include "frontlineprocess.h"
#include "testdatabases.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace frontline::testsupport;

namespace {

const QByteArray AdminToken = QByteArrayLiteral("provider-e2e-admin-token");

QHash<QByteArray, QByteArray> adminHeaders()
{
    return { { "Authorization", "Bearer " + AdminToken }, { "Content-Type", "application/json" } };
}

// "http://127.0.0.1:PORT": what FRONTLINE_AI_ALLOWED_ORIGINS lists.
QString originOf(const FakeOpenAi &fake)
{
    return QUrl(fake.baseUrl()).adjusted(QUrl::RemovePath).toString();
}

bool anyContains(const QList<QByteArray> &headers, const QByteArray &key)
{
    for (const QByteArray &header : headers) {
        if (header.contains(key))
            return true;
    }
    return false;
}

} // namespace

class TestProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString())); }

    void answersThroughTheConfiguredProvider()
    {
        FakeOpenAi fake;
        fake.script(FakeReply::streamed({ QStringLiteral("Bonjour"), QStringLiteral(" Camille,"),
                                            QStringLiteral(" voici la procédure.") },
            30, 12));
        const QString key = QStringLiteral("sk-e2e-secret-key");
        QTemporaryDir home;
        QProcessEnvironment environment = isolatedEnvironment(home.path());
        environment.insert(QStringLiteral("OPENAI_API_KEY"), key);
        environment.insert(QStringLiteral("OPENAI_BASE_URL"), fake.baseUrl());
        QProcess server;
        const QString url = startHeadless(server, {}, environment);
        QVERIFY2(!url.isEmpty(), server.readAllStandardError().constData());

        ApiClient api(url);
        const CustomerSession customer
            = api.createSession({ { QStringLiteral("locale"), QStringLiteral("fr") },
                { QStringLiteral("name"), QStringLiteral("Camille") } });
        QCOMPARE(customer.created.status, 201);

        EventStreamClient events;
        events.open(api.url(QStringLiteral("/api/chat/events?sessionId=") + customer.id),
            { { "Authorization", "Bearer " + customer.token } });
        QVERIFY(events.waitFor("message", 1));
        const HttpResult sent
            = api.sendMessage(customer, QStringLiteral("Comment changer mon mot de passe ?"));
        QCOMPARE(sent.status, 200);
        const QString answer = QStringLiteral("Bonjour Camille, voici la procédure.");
        QCOMPARE(sent.json()
                     .value(QStringLiteral("reply"))
                     .toObject()
                     .value(QStringLiteral("content"))
                     .toString(),
            answer);

        QVERIFY(events.waitFor("delta", 3));
        QVERIFY(events.waitFor("message", 3));
        QCOMPARE(
            api.history(customer).last().toObject().value(QStringLiteral("content")).toString(),
            answer);
        QCOMPARE(fake.authorizations().first(), "Bearer " + key.toUtf8());

        QCOMPARE(stopHeadless(server), 0);
        const QByteArray logs = server.readAllStandardError();
        QVERIFY2(!logs.contains(key.toUtf8()), logs.constData());
    }

    void neverSendsTheKeyToAnOriginTheOperatorDidNotGive()
    {
        // An administrator points the server at another host: refused, and that host never
        // hears from the server (no health check with the key, no completion).
        FakeOpenAi configured;
        FakeOpenAi other;
        const QByteArray key = "sk-e2e-origin-key";
        QTemporaryDir home;
        QProcess server;
        const QString url = startHeadless(server,
            { QStringLiteral("--database"),
                QStringLiteral("sqlite:") + home.filePath(QStringLiteral("f.db")) },
            providerEnvironment(home.path(), &configured, key, {}));
        QVERIFY2(!url.isEmpty(), server.readAllStandardError().constData());
        HttpClient http;
        for (const QString &target : { other.baseUrl(), QStringLiteral("http://10.1.2.3:8080/v1"),
                 QStringLiteral("https://attacker.example/v1") }) {
            const HttpResult put
                = http.send("PUT", QUrl(url + QStringLiteral("/api/agent/settings")),
                    toJson({ { QStringLiteral("provider"),
                        QJsonObject { { QStringLiteral("baseUrl"), target },
                            { QStringLiteral("model"), QStringLiteral("gpt-moved") } } } }),
                    adminHeaders());
            QCOMPARE(put.status, 403);
            const QString message = errorMessage(put);
            QVERIFY2(message.contains(QLatin1String("FRONTLINE_AI_ALLOWED_ORIGINS"))
                    || message.contains(QLatin1String("plain http")),
                qPrintable(message));
        }
        const QJsonObject shown
            = http.get(QUrl(url + QStringLiteral("/api/agent/settings")), adminHeaders())
                  .json()
                  .value(QStringLiteral("provider"))
                  .toObject();
        QCOMPARE(shown.value(QStringLiteral("baseUrl")).toString(), configured.baseUrl());
        QCOMPARE(shown.value(QStringLiteral("model")).toString(),
            QStringLiteral("gpt-4o-mini")); // nothing changed

        // The customer is still answered by the configured provider, and only it has the key.
        QCOMPARE(customerAnswer(url), QStringLiteral("Default answer."));
        QVERIFY(other.modelsAuthorizations().isEmpty());
        QVERIFY(other.authorizations().isEmpty());
        QCOMPARE(configured.authorizations().constFirst(), "Bearer " + key);
        QCOMPARE(stopHeadless(server), 0);
    }

    void followsAnAllowedOriginButNotAfterTheOperatorRemovesIt()
    {
        // The provider comes from the settings file, so a URL an administrator stored wins at
        // the next launch, but only within the origins that launch allows.
        FakeOpenAi configured;
        FakeOpenAi allowed;
        const QByteArray key = "sk-e2e-allowed-key";
        QTemporaryDir home;
        const QString settings = home.filePath(QStringLiteral("frontline.conf"));
        QFile file(settings);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[assistant]\nbaseUrl=" + configured.baseUrl().toUtf8() + "\n");
        file.close();
        const QStringList arguments { QStringLiteral("--config"), settings,
            QStringLiteral("--database"),
            QStringLiteral("sqlite:") + home.filePath(QStringLiteral("f.db")) };
        HttpClient http;
        {
            QProcess server;
            const QString url = startHeadless(server, arguments,
                providerEnvironment(home.path(), nullptr, key, originOf(allowed)));
            QVERIFY2(!url.isEmpty(), server.readAllStandardError().constData());
            const HttpResult put
                = http.send("PUT", QUrl(url + QStringLiteral("/api/agent/settings")),
                    toJson({ { QStringLiteral("provider"),
                        QJsonObject { { QStringLiteral("baseUrl"), allowed.baseUrl() } } } }),
                    adminHeaders());
            QCOMPARE(put.status, 200);
            QCOMPARE(customerAnswer(url), QStringLiteral("Default answer."));
            QCOMPARE(allowed.authorizations().size(), 1);
            QCOMPARE(allowed.authorizations().constFirst(), "Bearer " + key);
            QCOMPARE(stopHeadless(server), 0);
        }
        // The next launch no longer lists it: the URL stored by the administrator is not applied.
        const qsizetype allowedBefore
            = allowed.authorizations().size() + allowed.modelsAuthorizations().size();
        QProcess server;
        const QString url
            = startHeadless(server, arguments, providerEnvironment(home.path(), nullptr, key, {}));
        QByteArray logs = server.readAllStandardError();
        QVERIFY2(!url.isEmpty(), logs.constData());
        QCOMPARE(http.get(QUrl(url + QStringLiteral("/api/agent/settings")), adminHeaders())
                     .json()
                     .value(QStringLiteral("provider"))
                     .toObject()
                     .value(QStringLiteral("baseUrl"))
                     .toString(),
            configured.baseUrl());
        QCOMPARE(customerAnswer(url), QStringLiteral("Default answer."));
        QCOMPARE(configured.authorizations().size(), 1);
        QCOMPARE(
            allowed.authorizations().size() + allowed.modelsAuthorizations().size(), allowedBefore);
        QCOMPARE(stopHeadless(server), 0);
        logs += server.readAllStandardError();
        QVERIFY2(logs.contains("FRONTLINE_AI_ALLOWED_ORIGINS"),
            logs.constData()); // the ignored URL is logged
    }

    void anotherNodeAppliesTheSameRule()
    {
        // Two nodes on one PostgreSQL database; only the first lists the second provider. An
        // administrator moves the provider there on the first: the second node follows the
        // model but keeps its own provider, and never sends its key to the other origin.
        FakeOpenAi configured;
        FakeOpenAi allowed;
        QTemporaryDir home;
        const QStringList database { QStringLiteral("--database"),
            m_databases.freshUrlText(QStringLiteral("postgresql")) };
        QProcess first;
        const QString firstUrl = startHeadless(first, database,
            providerEnvironment(home.path(), &configured, "sk-node-one", originOf(allowed)));
        QVERIFY2(!firstUrl.isEmpty(), first.readAllStandardError().constData());
        QProcess second;
        const QString secondUrl = startHeadless(
            second, database, providerEnvironment(home.path(), &configured, "sk-node-two", {}));
        QVERIFY2(!secondUrl.isEmpty(), second.readAllStandardError().constData());

        HttpClient http;
        const HttpResult put
            = http.send("PUT", QUrl(firstUrl + QStringLiteral("/api/agent/settings")),
                toJson({ { QStringLiteral("provider"),
                    QJsonObject { { QStringLiteral("baseUrl"), allowed.baseUrl() },
                        { QStringLiteral("model"), QStringLiteral("gpt-both-nodes") } } } }),
                adminHeaders());
        QCOMPARE(put.status, 200);
        const auto shownOnSecond = [&] {
            return http.get(QUrl(secondUrl + QStringLiteral("/api/agent/settings")), adminHeaders())
                .json()
                .value(QStringLiteral("provider"))
                .toObject();
        };
        QTRY_COMPARE_WITH_TIMEOUT(shownOnSecond().value(QStringLiteral("model")).toString(),
            QStringLiteral("gpt-both-nodes"), 10000);
        QCOMPARE(shownOnSecond().value(QStringLiteral("baseUrl")).toString(), configured.baseUrl());
        QCOMPARE(customerAnswer(secondUrl), QStringLiteral("Default answer."));
        QVERIFY(anyContains(configured.authorizations(), "sk-node-two"));
        QVERIFY(
            !anyContains(allowed.authorizations() + allowed.modelsAuthorizations(), "sk-node-two"));
        QCOMPARE(stopHeadless(first), 0);
        QCOMPARE(stopHeadless(second), 0);
    }

private:
    // The operator's environment: the key, the provider (when not from the settings file),
    // the allowed origins.
    static QProcessEnvironment providerEnvironment(const QString &home, const FakeOpenAi *fake,
        const QByteArray &key, const QString &allowedOrigins)
    {
        QProcessEnvironment environment = isolatedEnvironment(home);
        environment.insert(QStringLiteral("OPENAI_API_KEY"), QString::fromLatin1(key));
        if (fake)
            environment.insert(QStringLiteral("OPENAI_BASE_URL"), fake->baseUrl());
        environment.insert(
            QStringLiteral("FRONTLINE_ADMIN_TOKEN"), QString::fromLatin1(AdminToken));
        environment.insert(QStringLiteral("FRONTLINE_RATE_LIMITS"), QStringLiteral("off"));
        if (!allowedOrigins.isEmpty())
            environment.insert(QStringLiteral("FRONTLINE_AI_ALLOWED_ORIGINS"), allowedOrigins);
        return environment;
    }

    // A new customer's question, and the assistant's answer to it.
    static QString customerAnswer(const QString &url)
    {
        ApiClient api(url);
        const HttpResult sent
            = api.sendMessage(api.createSession(), QStringLiteral("Where is my parcel?"));
        return sent.json()
            .value(QStringLiteral("reply"))
            .toObject()
            .value(QStringLiteral("content"))
            .toString();
    }

    TestDatabases m_databases;
};

QTEST_GUILESS_MAIN(TestProvider)
#include "tst_provider.moc"
