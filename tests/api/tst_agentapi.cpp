// SPDX-License-Identifier: GPL-3.0-or-later
// The agent API over real HTTP, on SQLite and PostgreSQL: auth, each route, the claim race,
// the assistant silent after a takeover, and the audit log.

#include "agents/agentdirectory.h"
#include "security/passwordhasher.h"
#include "eventstreamclient.h"
#include "httpclient.h"
#include "server/backend.h"
#include "store/store.h"
#include "testdatabases.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class TestAgentApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { TestDatabases::addDialectRows(); }
    void initTestCase() { QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString())); }
    void init()
    {
        QFETCH_GLOBAL(QString, dialect);
        ServerOptions options = m_databases.serverOptions(dialect);
        options.adminToken = QStringLiteral("automation-admin-token");
        m_options = options;
        m_backend = std::make_unique<Backend>(options);
        QVERIFY2(m_backend->start(), qPrintable(m_backend->errorString()));
        AgentDirectory agents(*m_backend->store(), QString());
        m_marie = agents.add(QStringLiteral("marie"), QStringLiteral("Marie"), AgentRole::Agent).token.toLatin1();
        m_paul = agents.add(QStringLiteral("paul"), QStringLiteral("Paul"), AgentRole::Agent).token.toLatin1();
        createCustomerSession();
    }
    void cleanup() { m_backend.reset(); }

    void refusesRequestsWithoutAValidToken()
    {
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions"), QByteArray()).status, 401);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions"), "not-a-token").status, 401);
        // A customer's session token is not an agent's.
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions"), m_customerToken).status, 401);
        const HttpResult me = agentGet(QStringLiteral("/api/agent/me"), m_marie);
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json().value(QStringLiteral("displayName")).toString(), QStringLiteral("Marie"));
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), "automation-admin-token").json()
                         .value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
    }

    void listsSessionsAndTheirMessages()
    {
        const HttpResult list = agentGet(QStringLiteral("/api/agent/sessions"), m_marie);
        QCOMPARE(list.status, 200);
        const QJsonArray sessions = list.json().value(QStringLiteral("sessions")).toArray();
        QCOMPARE(sessions.size(), 1);
        const QJsonObject session = sessions.first().toObject();
        QCOMPARE(session.value(QStringLiteral("id")).toString(), m_sessionId);
        QCOMPARE(session.value(QStringLiteral("clientIp")).toString(), QStringLiteral("127.0.0.1"));
        QVERIFY(!session.contains(QStringLiteral("tokenHash")));
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions?status=WAITING"), m_marie).json()
                         .value(QStringLiteral("sessions")).toArray().size(), 0);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions?status=bogus"), m_marie).status, 400);
        QCOMPARE(session.value(QStringLiteral("unread")).toInt(), 1); // the customer's "hello"
        QCOMPARE(session.value(QStringLiteral("lastMessage")).toObject().value(QStringLiteral("role")).toString(),
                 QStringLiteral("ASSISTANT"));
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions?q=HELLO"), m_marie).json()
                         .value(QStringLiteral("sessions")).toArray().size(), 1);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions?q=zebra"), m_marie).json()
                         .value(QStringLiteral("sessions")).toArray().size(), 0);
        const HttpResult read = agentPost(QStringLiteral("read"), m_marie, "{}");
        QCOMPARE(read.json().value(QStringLiteral("unread")).toInt(), 0);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions"), m_marie).json().value(QStringLiteral("sessions"))
                         .toArray().first().toObject().value(QStringLiteral("unread")).toInt(), 0);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions"), m_paul).json().value(QStringLiteral("sessions"))
                         .toArray().first().toObject().value(QStringLiteral("unread")).toInt(), 1); // Paul has not read it

        const HttpResult messages = agentGet(QStringLiteral("/api/agent/sessions/%1/messages").arg(m_sessionId), m_marie);
        QCOMPARE(messages.status, 200);
        QCOMPARE(messages.json().value(QStringLiteral("messages")).toArray().size(), 3); // welcome, question, answer
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions/nope/messages"), m_marie).status, 404);
    }

    // The customer learns who has joined from the claim itself: in the event stream's status
    // and in the session of the history; never the agent's username.
    void namesTheAgentWhoJoinedToTheCustomer()
    {
        EventStreamClient stream;
        stream.open(QUrl(m_backend->url() + QStringLiteral("/api/chat/events?sessionId=%1&token=%2")
                                 .arg(m_sessionId, QString::fromLatin1(m_customerToken))));
        QVERIFY(stream.waitFor("status", 1));
        const auto status = [&stream](int i) { return QJsonDocument::fromJson(stream.events("status").at(i).data).object(); };
        QCOMPARE(status(0).value(QStringLiteral("status")).toString(), QStringLiteral("ACTIVE"));
        QVERIFY(!status(0).contains(QStringLiteral("agentName")));

        QCOMPARE(agentPost(QStringLiteral("claim"), m_marie, "{}").status, 200);
        QVERIFY(stream.waitFor("status", 2));
        QCOMPARE(status(1), (QJsonObject{{QStringLiteral("sessionId"), m_sessionId}, {QStringLiteral("status"), QStringLiteral("ASSIGNED")},
                                         {QStringLiteral("agentName"), QStringLiteral("Marie")}}));
        const auto customerSession = [this] {
            return m_http.get(QUrl(m_backend->url() + QStringLiteral("/api/chat/history?sessionId=") + m_sessionId),
                              {{"Authorization", "Bearer " + m_customerToken}})
                    .json().value(QStringLiteral("session")).toObject();
        };
        QCOMPARE(customerSession().value(QStringLiteral("agentName")).toString(), QStringLiteral("Marie"));
        QVERIFY(!customerSession().contains(QStringLiteral("assignedAgent")));

        // Handed back to the assistant: nobody to name.
        QCOMPARE(agentPost(QStringLiteral("release"), m_marie, "{}").status, 200);
        QVERIFY(stream.waitFor("status", 3));
        QCOMPARE(status(2).value(QStringLiteral("status")).toString(), QStringLiteral("ACTIVE"));
        QVERIFY(!status(2).contains(QStringLiteral("agentName")));
        QVERIFY(!customerSession().contains(QStringLiteral("agentName")));

        // The administrator of FRONTLINE_ADMIN_TOKEN is not in the store, yet has a name.
        QCOMPARE(agentPost(QStringLiteral("claim"), "automation-admin-token", "{}").status, 200);
        QVERIFY(stream.waitFor("status", 4));
        QCOMPARE(status(3).value(QStringLiteral("agentName")).toString(), QStringLiteral("Administrator"));

        // A stream opened now starts with the name.
        EventStreamClient later;
        later.open(QUrl(m_backend->url() + QStringLiteral("/api/chat/events?sessionId=%1&token=%2")
                                .arg(m_sessionId, QString::fromLatin1(m_customerToken))));
        QVERIFY(later.waitFor("status", 1));
        QCOMPARE(QJsonDocument::fromJson(later.events("status").first().data).object()
                         .value(QStringLiteral("agentName")).toString(), QStringLiteral("Administrator"));
    }

    void takesOverRepliesAndKeepsTheAssistantSilent()
    {
        EventStreamClient events;
        events.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")), {{"Authorization", "Bearer " + m_marie}});
        QVERIFY(events.waitFor("hello", 1));

        QCOMPARE(agentPost(QStringLiteral("claim"), m_marie, "{}").status, 200);
        // Exactly one owner: Paul gets 409.
        const HttpResult race = agentPost(QStringLiteral("claim"), m_paul, "{}");
        QCOMPARE(race.status, 409);
        QVERIFY(race.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().contains(QLatin1String("marie")));
        QCOMPARE(agentPost(QStringLiteral("reply"), m_paul, toJson({{QStringLiteral("message"), QStringLiteral("Hi")}})).status, 409);

        // The customer writes: the assistant stays silent while Marie owns the session.
        const HttpResult sent = customerSend(QStringLiteral("are you a robot?"));
        QCOMPARE(sent.status, 200);
        QVERIFY(sent.json().value(QStringLiteral("reply")).isNull());

        const HttpResult reply = agentPost(QStringLiteral("reply"), m_marie,
                                           toJson({{QStringLiteral("message"), QStringLiteral("  No, I'm Marie. <b>Hello!</b>  ")}}));
        QCOMPARE(reply.status, 200);
        const QJsonObject message = reply.json().value(QStringLiteral("message")).toObject();
        QCOMPARE(message.value(QStringLiteral("role")).toString(), QStringLiteral("AGENT"));
        QCOMPARE(message.value(QStringLiteral("agentName")).toString(), QStringLiteral("Marie"));
        QCOMPARE(message.value(QStringLiteral("content")).toString(), QStringLiteral("No, I'm Marie. <b>Hello!</b>"));
        QCOMPARE(message.value(QStringLiteral("sanitized")).toBool(), true);

        const QJsonArray history = customerHistory();
        QCOMPARE(history.last().toObject().value(QStringLiteral("role")).toString(), QStringLiteral("AGENT"));
        for (const QJsonValue &m : history) // nothing from the assistant after the takeover
            QVERIFY(m.toObject().value(QStringLiteral("seq")).toInt() <= 3
                    || m.toObject().value(QStringLiteral("role")).toString() != QLatin1String("ASSISTANT"));

        QVERIFY(events.waitFor("session", 1));
        QVERIFY(events.waitFor("message", 2)); // the customer's and Marie's
        QCOMPARE(QJsonDocument::fromJson(events.events("session").first().data).object()
                         .value(QStringLiteral("assignedAgent")).toString(), QStringLiteral("marie"));

        // Back to the assistant: it answers again.
        QCOMPARE(agentPost(QStringLiteral("release"), m_paul, "{}").status, 409);
        QCOMPARE(agentPost(QStringLiteral("release"), m_marie, "{}").status, 200);
        QCOMPARE(customerSend(QStringLiteral("pricing?")).json().value(QStringLiteral("reply")).toObject()
                         .value(QStringLiteral("role")).toString(), QStringLiteral("ASSISTANT"));

        QStringList actions;
        for (const AuditEntry &entry : m_backend->store()->auditEntries(20, 0))
            actions.prepend(entry.actor + QLatin1Char(':') + entry.action);
        QCOMPARE(actions, (QStringList{QStringLiteral("marie:session.claim"), QStringLiteral("marie:session.reply"),
                                       QStringLiteral("marie:session.release")}));
    }

    void closesASession()
    {
        QCOMPARE(agentPost(QStringLiteral("claim"), m_marie, "{}").status, 200);
        QCOMPARE(agentPost(QStringLiteral("close"), m_paul, "{}").status, 409); // not his
        const HttpResult closed = agentPost(QStringLiteral("close"), m_marie, "{}");
        QCOMPARE(closed.status, 200);
        QCOMPARE(closed.json().value(QStringLiteral("session")).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("CLOSED"));
        QCOMPARE(customerSend(QStringLiteral("hello?")).status, 409);
        QCOMPARE(agentPost(QStringLiteral("claim"), m_paul, "{}").status, 409);
    }

    void letsOnlyAdministratorsChangeSettings()
    {
        const HttpResult read = agentGet(QStringLiteral("/api/agent/settings"), m_marie);
        QCOMPARE(read.status, 200);
        QCOMPARE(read.json().value(QStringLiteral("mockMode")).toBool(), true);
        QCOMPARE(read.json().value(QStringLiteral("assistant")).toString(), QStringLiteral("mock"));
        const HttpResult refused = m_http.send("PUT", QUrl(m_backend->url() + QStringLiteral("/api/agent/settings")),
                                               R"({"mockMode":true})", {{"Authorization", "Bearer " + m_marie}, {"Content-Type", "application/json"}});
        QCOMPARE(refused.status, 403);
        const HttpResult allowed = m_http.send("PUT", QUrl(m_backend->url() + QStringLiteral("/api/agent/settings")),
                                               R"({"mockMode":true})", {{"Authorization", "Bearer automation-admin-token"},
                                                                        {"Content-Type", "application/json"}});
        QCOMPARE(allowed.status, 200);
        QCOMPARE(m_backend->store()->auditEntries(1, 0).first().action, QStringLiteral("settings.mockMode"));
        // Without a provider key, mock mode cannot be left.
        const HttpResult forced = m_http.send("PUT", QUrl(m_backend->url() + QStringLiteral("/api/agent/settings")),
                                              R"({"mockMode":false})", {{"Authorization", "Bearer automation-admin-token"},
                                                                        {"Content-Type", "application/json"}});
        QCOMPARE(forced.status, 409);
    }

    void changesRateLimitsAtRuntimeAndKeepsThemAcrossRestarts()
    {
        const auto put = [this](const QByteArray &body, const QByteArray &token) {
            return m_http.send("PUT", QUrl(m_backend->url() + QStringLiteral("/api/agent/settings")), body,
                               {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
        };
        const auto limits = [this] {
            return agentGet(QStringLiteral("/api/agent/settings"), m_marie).json().value(QStringLiteral("rateLimits")).toString();
        };
        const QString defaults = limits();
        QVERIFY(defaults.contains(QStringLiteral("message=10/60")));

        // Refused, and nothing changes: an agent, a bad policy, a bad policy beside a good
        // mock-mode switch, an unknown setting.
        QCOMPARE(put(R"({"rateLimits":"message=2/60"})", m_marie).status, 403);
        const HttpResult bad = put(R"({"rateLimits":"message=ten"})", "automation-admin-token");
        QCOMPARE(bad.status, 400);
        QVERIFY2(bad.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString()
                         .contains(QStringLiteral("message=10/60,history=100/60")), bad.body.constData());
        QCOMPARE(put(R"({"mockMode":true,"rateLimits":42})", "automation-admin-token").status, 400);
        QCOMPARE(put(R"({"theme":"dark"})", "automation-admin-token").status, 400);
        QCOMPARE(limits(), defaults);
        QVERIFY(m_backend->store()->auditEntries(10, 0).isEmpty());

        // An administrator tightens them: in force at once, audited, announced.
        EventStreamClient events;
        events.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")), {{"Authorization", "Bearer " + m_marie}});
        QVERIFY(events.waitFor("hello", 1));
        QCOMPARE(put(R"({"rateLimits":"message=2/60"})", "automation-admin-token").status, 200);
        QCOMPARE(limits(), QStringLiteral("create-session=20/60,history=100/60,message=2/60")); // the routes not named keep theirs
        QCOMPARE(m_backend->store()->auditEntries(1, 0).first().action, QStringLiteral("settings.rateLimits"));
        QVERIFY(events.waitFor("settings", 1));
        QCOMPARE(customerSend(QStringLiteral("second")).status, 200); // "hello" was the first
        QCOMPARE(customerSend(QStringLiteral("third")).status, 429);

        // They outlive a restart...
        m_backend.reset();
        m_backend = std::make_unique<Backend>(m_options);
        QVERIFY2(m_backend->start(), qPrintable(m_backend->errorString()));
        QCOMPARE(limits(), QStringLiteral("create-session=20/60,history=100/60,message=2/60")); // the routes not named keep theirs
        // ...unless the operator gives limits on the command line or in the environment.
        m_backend.reset();
        ServerOptions launched = m_options;
        launched.rateLimits = *RateLimitPolicy::parse(QStringLiteral("message=7/60"), nullptr);
        launched.rateLimitsFromLaunch = true;
        m_backend = std::make_unique<Backend>(launched);
        QVERIFY2(m_backend->start(), qPrintable(m_backend->errorString()));
        QCOMPARE(limits(), QStringLiteral("create-session=20/60,history=100/60,message=7/60"));
    }

    void showsTheProviderButNeverItsKey()
    {
        m_backend.reset();
        ServerOptions withKey = m_options;
        withKey.openAi.apiKey = QStringLiteral("sk-agentapi-secret-key");
        withKey.openAi.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1/v1"));
        withKey.openAi.model = QStringLiteral("gpt-test");
        withKey.mockMode = false;
        m_backend = std::make_unique<Backend>(withKey);
        QVERIFY2(m_backend->start(), qPrintable(m_backend->errorString()));
        const HttpResult read = agentGet(QStringLiteral("/api/agent/settings"), m_marie);
        QCOMPARE(read.status, 200);
        const QJsonObject provider = read.json().value(QStringLiteral("provider")).toObject();
        QCOMPARE(provider.value(QStringLiteral("baseUrl")).toString(), QStringLiteral("http://127.0.0.1:1/v1"));
        QCOMPARE(provider.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-test"));
        QVERIFY(!read.body.contains("sk-agentapi-secret-key"));
        QCOMPARE(read.json().value(QStringLiteral("canLeaveMockMode")).toBool(), true);
    }

    void showsWhoIsRateLimitedAndLiftsABlock()
    {
        // The customer uses up the 10 messages per minute (1 already sent).
        for (int i = 0; i < 9; ++i)
            QCOMPARE(customerSend(QStringLiteral("spam %1").arg(i)).status, 200);
        QCOMPARE(customerSend(QStringLiteral("one more")).status, 429);
        QCOMPARE(customerSend(QStringLiteral("and another")).status, 429);

        const QJsonArray hits = agentGet(QStringLiteral("/api/agent/rate-limits"), m_marie).json()
                                        .value(QStringLiteral("hits")).toArray();
        QCOMPARE(hits.size(), 2);
        QCOMPARE(hits.first().toObject().value(QStringLiteral("route")).toString(), QStringLiteral("message"));
        QCOMPARE(hits.first().toObject().value(QStringLiteral("sessionId")).toString(), m_sessionId);
        const QString keyKind = hits.first().toObject().value(QStringLiteral("keyKind")).toString();
        const QString key = hits.first().toObject().value(QStringLiteral("key")).toString();
        QCOMPARE(agentGet(QStringLiteral("/api/agent/rate-limits?route=history"), m_marie).json()
                         .value(QStringLiteral("hits")).toArray().size(), 0);
        const QJsonArray minutes = agentGet(QStringLiteral("/api/agent/rate-limits/per-minute"), m_marie).json()
                                           .value(QStringLiteral("minutes")).toArray();
        qint64 total = 0;
        for (const QJsonValue &minute : minutes)
            total += minute.toObject().value(QStringLiteral("hits")).toInteger();
        QCOMPARE(total, 2);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/rate-limits?from=yesterday"), m_marie).status, 400);

        const HttpResult usage = agentGet(QStringLiteral("/api/agent/usage/session:") + m_sessionId, m_marie);
        QCOMPARE(usage.status, 200);
        QCOMPARE(usage.json().value(QStringLiteral("rateLimited")).toInt(), 2);
        QCOMPARE(usage.json().value(QStringLiteral("messagesSent")).toInt(), 10);

        // Lifting the block of both keys lets the customer write again at once.
        for (const QString &kind : {QStringLiteral("ip"), QStringLiteral("session")}) {
            const QString value = kind == keyKind ? key : (kind == QLatin1String("ip") ? QStringLiteral("127.0.0.1") : m_sessionId);
            QCOMPARE(m_http.post(QUrl(m_backend->url() + QStringLiteral("/api/agent/rate-limits/lift")),
                                 toJson({{QStringLiteral("keyKind"), kind}, {QStringLiteral("key"), value}}),
                                 {{"Authorization", "Bearer " + m_marie}, {"Content-Type", "application/json"}}).status, 200);
        }
        QCOMPARE(customerSend(QStringLiteral("thanks")).status, 200);
        QCOMPARE(m_backend->store()->auditEntries(1, 0).first().action, QStringLiteral("rate-limit.lift"));
    }

    void signsInWithAPasswordAndThrottlesFailures()
    {
        AgentDirectory(*m_backend->store(), QString(), nullptr, PasswordHasher(1000))
                .setPassword(QStringLiteral("marie"), QStringLiteral("a long enough password"));
        const QUrl login(m_backend->url() + QStringLiteral("/api/agent/login"));
        const QHash<QByteArray, QByteArray> json{{"Content-Type", "application/json"}};
        const HttpResult ok = m_http.post(login, R"({"username":"marie","password":"a long enough password"})", json);
        QCOMPARE(ok.status, 200);
        const QByteArray token = ok.json().value(QStringLiteral("token")).toString().toLatin1();
        QCOMPARE(token.size(), 43);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), token).json().value(QStringLiteral("username")).toString(),
                 QStringLiteral("marie"));
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), m_marie).status, 200); // the first token still works

        QCOMPARE(m_http.post(login, R"({"username":"marie","password":"wrong"})", json).status, 401);
        QCOMPARE(m_http.post(login, R"({"username":"nobody","password":"wrong"})", json).status, 401);
        QCOMPARE(m_http.post(login, R"({"username":"paul","password":"no password set"})", json).status, 401);
        QCOMPARE(m_http.post(login, R"({"username":"marie"})", json).status, 400);
        QCOMPARE(m_http.post(login, R"({"username":"marie","password":"wrong again"})", json).status, 401);
        QCOMPARE(m_http.post(login, R"({"username":"marie","password":"and again"})", json).status, 401);
        // Five failures from this address: even the right password waits now.
        const HttpResult throttled = m_http.post(login, R"({"username":"marie","password":"a long enough password"})", json);
        QCOMPARE(throttled.status, 429);
        QVERIFY(!throttled.header("Retry-After").isEmpty());
    }

private:
    void createCustomerSession()
    {
        const HttpResult created = m_http.post(QUrl(m_backend->url() + QStringLiteral("/api/chat/create-session")), "{}",
                                               {{"Content-Type", "application/json"}});
        QCOMPARE(created.status, 201);
        m_sessionId = created.json().value(QStringLiteral("sessionId")).toString();
        m_customerToken = created.json().value(QStringLiteral("sessionToken")).toString().toLatin1();
        QCOMPARE(customerSend(QStringLiteral("hello")).status, 200);
    }
    HttpResult customerSend(const QString &text)
    {
        return m_http.post(QUrl(m_backend->url() + QStringLiteral("/api/chat/message")),
                           toJson({{QStringLiteral("sessionId"), m_sessionId}, {QStringLiteral("message"), text}}),
                           {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + m_customerToken}});
    }
    QJsonArray customerHistory()
    {
        return m_http.get(QUrl(m_backend->url() + QStringLiteral("/api/chat/history?sessionId=") + m_sessionId),
                          {{"Authorization", "Bearer " + m_customerToken}})
                .json().value(QStringLiteral("messages")).toArray();
    }
    HttpResult agentGet(const QString &path, const QByteArray &token)
    {
        QHash<QByteArray, QByteArray> headers;
        if (!token.isEmpty())
            headers.insert("Authorization", "Bearer " + token);
        return m_http.get(QUrl(m_backend->url() + path), headers);
    }
    HttpResult agentPost(const QString &action, const QByteArray &token, const QByteArray &body)
    {
        return m_http.post(QUrl(m_backend->url() + QStringLiteral("/api/agent/sessions/%1/%2").arg(m_sessionId, action)),
                           body, {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
    }

    TestDatabases m_databases;
    HttpClient m_http;
    std::unique_ptr<Backend> m_backend;
    ServerOptions m_options;
    QByteArray m_marie;
    QByteArray m_paul;
    QString m_sessionId;
    QByteArray m_customerToken;
};

QTEST_GUILESS_MAIN(TestAgentApi)
#include "tst_agentapi.moc"
