// SPDX-License-Identifier: GPL-3.0-or-later
// The OpenAI-compatible assistant against a scripted fake provider, seen as a customer sees
// it over HTTP (reply, events, history), with what is stored and counted — on SQLite and
// on PostgreSQL.

#include "apiclient.h"
#include "assistant/assistantrouter.h"
#include "eventstreamclient.h"
#include "fakeopenai.h"
#include "server/backend.h"
#include "settings/runtimesettings.h"
#include "store/store.h"
#include "testbackend.h"
#include "testdatabases.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

const QString ApiKey = QStringLiteral("sk-test-THIS-KEY-MUST-NEVER-LEAK-0123456789");

// Every log line of the run, to prove the key is never written.
QStringList &logLines()
{
    static QStringList lines;
    return lines;
}
QtMessageHandler previousHandler = nullptr;
void recordLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    logLines().append(message);
    previousHandler(type, context, message);
}

} // namespace

class TestAssistant : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { TestDatabases::addDialectRows(); }
    void initTestCase()
    {
        previousHandler = qInstallMessageHandler(recordLog);
        QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString()));
    }
    void cleanupTestCase()
    {
        qInstallMessageHandler(previousHandler);
        for (const QString &line : logLines())
            QVERIFY2(!line.contains(ApiKey), qPrintable(line));
    }
    void init()
    {
        QFETCH_GLOBAL(QString, dialect);
        m_fake = std::make_unique<FakeOpenAi>();
        m_options = m_databases.serverOptions(dialect);
        m_options.mockMode = false;
        m_options.openAi.apiKey = ApiKey;
        m_options.openAi.baseUrl = QUrl(m_fake->baseUrl());
        m_options.openAi.requestTimeout = std::chrono::seconds(3);
        m_options.openAi.retryBudget = std::chrono::seconds(6);
        m_options.assistantPolicy.replyWait = std::chrono::seconds(5);
    }
    void cleanup()
    {
        m_backend.reset();
        m_fake.reset();
    }

    void neverSendsTheKeyToAnotherOriginWhateverAsks()
    {
        // The provider itself keeps the rule, below the agent API's check: asked to move to an
        // origin the key was not given for, it stays where it is and the other never hears of it.
        startBackend();
        FakeOpenAi other;
        m_backend->assistant()->provider()->reconfigure(
            QUrl(other.baseUrl()), QStringLiteral("gpt-elsewhere"), QStringLiteral("Elsewhere."));
        createSession();
        QCOMPARE(sendMessage(QStringLiteral("Hello?")).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(m_fake->completionRequests().size(), 1, 5000);
        QCOMPARE(m_fake->authorizations().constFirst(), "Bearer " + ApiKey.toUtf8());
        QVERIFY(other.completionRequests().isEmpty());
        QVERIFY(other.modelsAuthorizations().isEmpty());
    }

    void streamsAnAnswerToTheCustomer()
    {
        startBackend();
        m_fake->script(
            FakeReply::streamed({ QStringLiteral("To reset"), QStringLiteral(" your password,"),
                                    QStringLiteral(" use the link.") },
                42, 9));
        createSession();
        EventStreamClient events;
        events.open(eventsUrl(), customerAuth());
        QVERIFY(events.waitFor("message", 1));

        const HttpResult sent = sendMessage(QStringLiteral("I forgot my password"));
        QCOMPARE(sent.status, 200);
        const QJsonObject reply = sent.json().value(QStringLiteral("reply")).toObject();
        QCOMPARE(reply.value(QStringLiteral("role")).toString(), QStringLiteral("ASSISTANT"));
        QCOMPARE(reply.value(QStringLiteral("content")).toString(),
            QStringLiteral("To reset your password, use the link."));

        // The answer streamed word by word before the whole was stored and announced once.
        QVERIFY(events.waitFor("message", 3));
        const auto deltas = events.events("delta");
        QCOMPARE(deltas.size(), 3);
        QCOMPARE(QJsonDocument::fromJson(deltas.at(1).data)
                     .object()
                     .value(QStringLiteral("text"))
                     .toString(),
            QStringLiteral(" your password,"));
        QCOMPARE(QJsonDocument::fromJson(deltas.at(0).data)
                     .object()
                     .value(QStringLiteral("replyTo"))
                     .toInt(),
            2);
        QCOMPARE(events.events("message").last().id, QByteArrayLiteral("3"));

        const auto usage = m_backend->store()->usage(QStringLiteral("session:") + m_customer.id);
        QCOMPARE(usage->assistantReplies, 1);
        QCOMPARE(usage->tokensIn, 42);
        QCOMPARE(usage->tokensOut, 9);
        QCOMPARE(m_backend->assistant()->state(), QStringLiteral("ok"));

        // What the provider was asked: the documented request, with the history.
        QCOMPARE(m_fake->completionRequests().size(), 1);
        const QJsonObject request = m_fake->completionRequests().first();
        QCOMPARE(request.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-4o-mini"));
        QCOMPARE(request.value(QStringLiteral("stream")).toBool(), true);
        QCOMPARE(request.value(QStringLiteral("stream_options"))
                     .toObject()
                     .value(QStringLiteral("include_usage"))
                     .toBool(),
            true);
        QCOMPARE(request.value(QStringLiteral("max_tokens")).toInt(), 400);
        const QJsonArray messages = request.value(QStringLiteral("messages")).toArray();
        QCOMPARE(messages.first().toObject().value(QStringLiteral("role")).toString(),
            QStringLiteral("system"));
        QCOMPARE(messages.at(1).toObject().value(QStringLiteral("role")).toString(),
            QStringLiteral("assistant")); // the welcome
        QCOMPARE(messages.last().toObject().value(QStringLiteral("content")).toString(),
            QStringLiteral("I forgot my password"));
        QCOMPARE(m_fake->authorizations().first(), "Bearer " + ApiKey.toUtf8());
    }

    void tellsTheModelWhichFilesTheCustomerSent()
    {
        startBackend();
        createSession();
        const HttpResult uploaded = m_api.uploadAttachment(
            m_customer, QStringLiteral("error.log"), "PAYMENT_DECLINED at 10:42\n");
        QCOMPARE(uploaded.status, 201);
        const QString id = uploaded.json()
                               .value(QStringLiteral("attachment"))
                               .toObject()
                               .value(QStringLiteral("id"))
                               .toString();
        const HttpResult sent = m_api.post(QStringLiteral("/api/chat/message"),
            toJson({ { QStringLiteral("sessionId"), m_customer.id },
                { QStringLiteral("message"), QStringLiteral("It fails, see the log") },
                { QStringLiteral("attachments"), QJsonArray { id } } }),
            m_customer.token);
        QCOMPARE(sent.status, 200);
        // The model gets the text and a line naming the file; never the file itself.
        const QJsonArray messages
            = m_fake->completionRequests().last().value(QStringLiteral("messages")).toArray();
        QCOMPARE(messages.last().toObject().value(QStringLiteral("content")).toString(),
            QStringLiteral("It fails, see the log\n[attached file: error.log, text/plain]"));
    }

    void readsEventsSplitAnywhereWithCrLf()
    {
        startBackend();
        m_fake->script(FakeReply::streamedInPieces(
            { QStringLiteral("Split"), QStringLiteral(" but"), QStringLiteral(" whole.") }, 7));
        createSession();
        const HttpResult sent = sendMessage(QStringLiteral("hello"));
        QCOMPARE(sent.json()
                     .value(QStringLiteral("reply"))
                     .toObject()
                     .value(QStringLiteral("content"))
                     .toString(),
            QStringLiteral("Split but whole."));
        QCOMPARE(
            m_backend->store()->usage(QStringLiteral("session:") + m_customer.id)->tokensIn, 11);
    }

    void acceptsAWholeJsonAnswer()
    {
        startBackend();
        m_fake->script(FakeReply::json(QStringLiteral("Not streamed, still fine."), 8, 5));
        createSession();
        const HttpResult sent = sendMessage(QStringLiteral("hello"));
        QCOMPARE(sent.json()
                     .value(QStringLiteral("reply"))
                     .toObject()
                     .value(QStringLiteral("content"))
                     .toString(),
            QStringLiteral("Not streamed, still fine."));
        QCOMPARE(
            m_backend->store()->usage(QStringLiteral("session:") + m_customer.id)->tokensOut, 5);
    }

    void deliversALateAnswerThroughEventsAndHistory()
    {
        m_options.assistantPolicy.replyWait = std::chrono::milliseconds(300);
        startBackend();
        FakeReply slow = FakeReply::streamed(
            { QStringLiteral("Sorry"), QStringLiteral(" for the wait.") }, 4, 4);
        slow.delayBeforeMs = 1000;
        m_fake->script(slow);
        createSession();
        EventStreamClient events;
        events.open(eventsUrl(), customerAuth());
        QVERIFY(events.waitFor("message", 1));

        const HttpResult sent = sendMessage(QStringLiteral("hello"));
        QCOMPARE(sent.status, 200);
        QVERIFY(sent.json().value(QStringLiteral("reply")).isNull());
        QCOMPARE(sent.json()
                     .value(QStringLiteral("userMessage"))
                     .toObject()
                     .value(QStringLiteral("seq"))
                     .toInt(),
            2);
        QVERIFY(events.waitFor("message", 3, 5000));
        QCOMPARE(QJsonDocument::fromJson(events.events("message").last().data)
                     .object()
                     .value(QStringLiteral("content"))
                     .toString(),
            QStringLiteral("Sorry for the wait."));
        QCOMPARE(history().size(), 3);
    }

    void waitsAsToldAfterA429ThenSucceeds()
    {
        startBackend();
        m_fake->script(FakeReply::error(429,
            { { QStringLiteral("error"),
                QJsonObject { { QStringLiteral("message"), QStringLiteral("slow down") },
                    { QStringLiteral("type"), QStringLiteral("rate_limit_exceeded") } } } },
            { { QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1") } }));
        m_fake->script(FakeReply::streamed({ QStringLiteral("Here I am.") }, 3, 3));
        createSession();
        const HttpResult sent = sendMessage(QStringLiteral("hello"));
        QCOMPARE(sent.json()
                     .value(QStringLiteral("reply"))
                     .toObject()
                     .value(QStringLiteral("content"))
                     .toString(),
            QStringLiteral("Here I am."));
        QCOMPARE(m_fake->completionRequests().size(), 2);
    }

    void retriesAServerErrorThenSucceeds()
    {
        startBackend();
        m_fake->script(FakeReply::error(500,
            { { QStringLiteral("error"),
                QJsonObject { { QStringLiteral("message"), QStringLiteral("oops") } } } }));
        m_fake->script(FakeReply::streamed({ QStringLiteral("Back on my feet.") }, 3, 3));
        createSession();
        const HttpResult sent = sendMessage(QStringLiteral("hello"));
        QCOMPARE(sent.json()
                     .value(QStringLiteral("reply"))
                     .toObject()
                     .value(QStringLiteral("content"))
                     .toString(),
            QStringLiteral("Back on my feet."));
        QCOMPARE(m_fake->completionRequests().size(), 2);
        QCOMPARE(sessionStatus(), QStringLiteral("ACTIVE"));
    }

    void fallsBackAtOnceOnAWrongKey()
    {
        startBackend();
        m_fake->script(FakeReply::error(401,
            { { QStringLiteral("error"),
                QJsonObject {
                    { QStringLiteral("message"), QStringLiteral("Incorrect API key") } } } }));
        createSession(QStringLiteral("fr"));
        const HttpResult sent = sendMessage(QStringLiteral("bonjour"));
        expectFallback(sent, QStringLiteral("Désolé"));
        QCOMPARE(m_fake->completionRequests().size(), 1); // no retry
        QCOMPARE(m_backend->assistant()->state(), QStringLiteral("unauthorized"));
    }

    void fallsBackAtOnceWhenTheQuotaIsSpent()
    {
        startBackend();
        m_fake->script(FakeReply::error(429,
            { { QStringLiteral("error"),
                QJsonObject { { QStringLiteral("message"),
                                  QStringLiteral("You exceeded your current quota") },
                    { QStringLiteral("type"), QStringLiteral("insufficient_quota") },
                    { QStringLiteral("code"), QStringLiteral("insufficient_quota") } } } }));
        createSession();
        expectFallback(sendMessage(QStringLiteral("hello")), QStringLiteral("Sorry"));
        QCOMPARE(m_fake->completionRequests().size(), 1);
    }

    void fallsBackAfterBoundedRetriesOfAnUnreachableProvider()
    {
        m_options.openAi.baseUrl
            = QUrl(QStringLiteral("http://127.0.0.1:1/v1")); // nothing listens there
        m_options.openAi.retryBudget = std::chrono::seconds(3);
        startBackend();
        createSession();
        expectFallback(sendMessage(QStringLiteral("hello")), QStringLiteral("Sorry"));
        QCOMPARE(m_backend->assistant()->state(), QStringLiteral("unreachable"));
    }

    void neverStoresACutStreamAsAnAnswer()
    {
        startBackend();
        m_fake->script(
            FakeReply::cutShort({ QStringLiteral("The answer is"), QStringLiteral(" partial") }));
        createSession();
        EventStreamClient events;
        events.open(eventsUrl(), customerAuth());
        QVERIFY(events.waitFor("message", 1));
        expectFallback(sendMessage(QStringLiteral("hello")), QStringLiteral("Sorry"));
        QVERIFY(events.waitFor("delta", 2)); // the customer saw it coming...
        for (const QJsonValue &message : history()) // ...but it is not stored as an answer
            QVERIFY(!message.toObject()
                         .value(QStringLiteral("content"))
                         .toString()
                         .contains(QLatin1String("partial")));
    }

    void handsOverWhenTheSessionsRepliesAreUsedUp()
    {
        m_options.assistantPolicy.maxRepliesPerSession = 1;
        startBackend();
        m_fake->script(FakeReply::streamed({ QStringLiteral("One answer.") }, 3, 3));
        createSession();
        QCOMPARE(sendMessage(QStringLiteral("first"))
                     .json()
                     .value(QStringLiteral("reply"))
                     .toObject()
                     .value(QStringLiteral("role"))
                     .toString(),
            QStringLiteral("ASSISTANT"));
        const HttpResult second = sendMessage(QStringLiteral("second"));
        QCOMPARE(second.json()
                     .value(QStringLiteral("reply"))
                     .toObject()
                     .value(QStringLiteral("role"))
                     .toString(),
            QStringLiteral("SYSTEM"));
        QCOMPARE(sessionStatus(), QStringLiteral("WAITING"));
        QCOMPARE(m_fake->completionRequests().size(), 1);
    }

    void handsOverWhenTheUsersDailyTokensAreUsedUp()
    {
        m_options.assistantPolicy.maxTokensPerUserPerDay = 50;
        startBackend();
        m_fake->script(FakeReply::streamed({ QStringLiteral("Costly answer.") }, 40, 20));
        createSession();
        QCOMPARE(sendMessage(QStringLiteral("first")).status, 200);
        const HttpResult second = sendMessage(QStringLiteral("second"));
        QCOMPARE(second.json()
                     .value(QStringLiteral("reply"))
                     .toObject()
                     .value(QStringLiteral("role"))
                     .toString(),
            QStringLiteral("SYSTEM"));
        QCOMPARE(m_fake->completionRequests().size(), 1);
    }

    void keepsTheDailyTokenCapAcrossAnAddresssNewSessions()
    {
        // Each session may spend 1000 tokens a day, the address 50 over all its sessions.
        m_options.assistantPolicy.maxTokensPerUserPerDay = 1000;
        m_options.assistantPolicy.maxTokensPerAddressPerDay = 50;
        startBackend();
        m_fake->script(FakeReply::streamed({ QStringLiteral("Costly answer.") }, 40, 20));
        createSession();
        QCOMPARE(sendMessage(QStringLiteral("first"))
                     .json()
                     .value(QStringLiteral("reply"))
                     .toObject()
                     .value(QStringLiteral("role"))
                     .toString(),
            QStringLiteral("ASSISTANT"));
        // An anonymous customer who starts again from the same address starts with the
        // address's spend, not a fresh budget.
        createSession();
        const HttpResult again = sendMessage(QStringLiteral("first again"));
        QCOMPARE(again.json()
                     .value(QStringLiteral("reply"))
                     .toObject()
                     .value(QStringLiteral("role"))
                     .toString(),
            QStringLiteral("SYSTEM"));
        QCOMPARE(sessionStatus(), QStringLiteral("WAITING"));
        QCOMPARE(m_fake->completionRequests().size(), 1);
        QCOMPARE(m_backend->store()->dailyTokens(
                     QStringLiteral("address:127.0.0.1"), QDateTime::currentDateTimeUtc().date()),
            60);
    }

    void switchesMockModeAtRuntimeAndRemembersIt()
    {
        startBackend();
        createSession();
        QVERIFY(setMockMode(true, QStringLiteral("marie")));
        const HttpResult mocked = sendMessage(QStringLiteral("refund please"));
        QVERIFY(mocked.json()
                    .value(QStringLiteral("reply"))
                    .toObject()
                    .value(QStringLiteral("content"))
                    .toString()
                    .contains(QLatin1String("14 days")));
        QCOMPARE(m_fake->completionRequests().size(), 0);
        QCOMPARE(m_backend->store()->auditEntries(10, 0).first().action,
            QStringLiteral("settings.mockMode"));
        QCOMPARE(m_backend->store()->auditEntries(10, 0).first().actor, QStringLiteral("marie"));

        // A restart keeps the switch; and with the key forced off, mock mode cannot be left.
        m_backend.reset();
        startBackend();
        QCOMPARE(m_backend->assistant()->state(), QStringLiteral("mock"));
        QVERIFY(setMockMode(false, QStringLiteral("marie")));
        QVERIFY(m_backend->assistant()->state() != QStringLiteral("mock"));
        m_backend.reset();
        m_options.mockForced = true;
        startBackend();
        QVERIFY(!setMockMode(false, QStringLiteral("marie")));
    }

    void neverReturnsTheKeyInAnyAnswer()
    {
        startBackend();
        m_fake->script(FakeReply::error(401,
            { { QStringLiteral("error"),
                QJsonObject { { QStringLiteral("message"), QStringLiteral("bad key") } } } }));
        createSession();
        const HttpResult sent = sendMessage(QStringLiteral("hello"));
        QVERIFY(!sent.body.contains(ApiKey.toUtf8()));
        const HttpResult historyAnswer = m_api.get(
            QStringLiteral("/api/chat/history?sessionId=") + m_customer.id, m_customer.token);
        QVERIFY(!historyAnswer.body.contains(ApiKey.toUtf8()));
        QVERIFY(!m_api.get(QStringLiteral("/healthz")).body.contains(ApiKey.toUtf8()));
    }

private:
    void startBackend()
    {
        m_backend = testsupport::startBackend(m_options);
        QVERIFY(m_backend);
        m_api.setBaseUrl(m_backend->url());
    }
    // False when the backend refuses (mock mode cannot be left); true once the change is made.
    bool setMockMode(bool on, const QString &actor)
    {
        const auto made = std::make_shared<bool>(false);
        if (m_backend->settings()->apply(
                SettingsChange { .mockMode = on }, actor, [made] { *made = true; },
                [](const std::exception_ptr &) {}))
            return false;
        return QTest::qWaitFor([made] { return *made; }, 10000);
    }
    void createSession(const QString &locale = QStringLiteral("en"))
    {
        m_customer = m_api.createSession({ { QStringLiteral("locale"), locale } });
        QCOMPARE(m_customer.created.status, 201);
    }
    HttpResult sendMessage(const QString &text) { return m_api.sendMessage(m_customer, text); }
    QJsonArray history() { return m_api.history(m_customer); }
    QString sessionStatus()
    {
        return sessionStatusName(m_backend->store()->session(m_customer.id)->status);
    }
    QUrl eventsUrl() const
    {
        return m_api.url(QStringLiteral("/api/chat/events?sessionId=") + m_customer.id);
    }
    QHash<QByteArray, QByteArray> customerAuth() const
    {
        return { { "Authorization", "Bearer " + m_customer.token } };
    }
    // The customer's message is kept, a polite notice in their language answers it, and the
    // session waits for a human.
    void expectFallback(const HttpResult &sent, const QString &noticeStart)
    {
        QCOMPARE(sent.status, 200);
        QCOMPARE(sent.json()
                     .value(QStringLiteral("userMessage"))
                     .toObject()
                     .value(QStringLiteral("seq"))
                     .toInt(),
            2);
        const QJsonObject reply = sent.json().value(QStringLiteral("reply")).toObject();
        QCOMPARE(reply.value(QStringLiteral("role")).toString(), QStringLiteral("SYSTEM"));
        QVERIFY2(reply.value(QStringLiteral("content")).toString().startsWith(noticeStart),
            qPrintable(reply.value(QStringLiteral("content")).toString()));
        QCOMPARE(sessionStatus(), QStringLiteral("WAITING"));
        const QJsonArray messages = history();
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages.at(1).toObject().value(QStringLiteral("role")).toString(),
            QStringLiteral("USER"));
        QCOMPARE(
            m_backend->store()->usage(QStringLiteral("session:") + m_customer.id)->assistantReplies,
            0);
    }

    TestDatabases m_databases;
    ApiClient m_api;
    std::unique_ptr<FakeOpenAi> m_fake;
    ServerOptions m_options;
    std::unique_ptr<Backend> m_backend;
    CustomerSession m_customer;
};

QTEST_GUILESS_MAIN(TestAssistant)
#include "tst_assistant.moc"
