// SPDX-License-Identifier: GPL-3.0-or-later
// Agents' presence over real HTTP, on SQLite and PostgreSQL: online while a console's event
// stream is connected, away when set, offline when the last stream closes; GET
// /api/agent/agents with presence and open conversations; bad input refused and nothing
// changed; the rows of a node that stopped renewing them fade; on PostgreSQL a change on one
// node reaches another.

#include "agents/agentaccounts.h"
#include "apiclient.h"
#include "apitestcase.h"
#include "eventstreamclient.h"
#include "server/backend.h"
#include "store/store.h"
#include "testbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

// Whether `stream` has had a presence event saying `username` is `status`.
bool heard(const EventStreamClient &stream, const QString &username, const QString &status)
{
    for (const ServerSentEvent &event : stream.events("presence")) {
        const QJsonObject data = eventData(event);
        if (data.value(QStringLiteral("username")).toString() == username
            && data.value(QStringLiteral("status")).toString() == status)
            return true;
    }
    return false;
}

} // namespace

class TestPresence : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_options = optionsForThisRow();
        m_options.adminToken = QStringLiteral("presence-admin-token");
        m_options.presenceHeartbeat = std::chrono::milliseconds(200);
        QVERIFY(startServer());
        m_marie = addAgent(*m_backend->store(), QStringLiteral("marie"), QStringLiteral("Marie"));
        m_paul = addAgent(*m_backend->store(), QStringLiteral("paul"), QStringLiteral("Paul"));
    }

    void goesOnlineThenOfflineWhenTheStreamCloses()
    {
        QCOMPARE(presenceOf(QStringLiteral("marie")), QStringLiteral("offline"));
        EventStreamClient watching; // Paul's console
        watching.open(eventsUrl(), bearer(m_paul));
        QVERIFY(watching.waitFor("hello", 1));
        QTRY_VERIFY(heard(watching, QStringLiteral("paul"), QStringLiteral("online")));

        auto console = std::make_unique<EventStreamClient>();
        console->open(eventsUrl(), bearer(m_marie));
        QVERIFY(console->waitFor("hello", 1));
        QTRY_VERIFY(heard(watching, QStringLiteral("marie"), QStringLiteral("online")));
        QCOMPARE(presenceOf(QStringLiteral("marie")), QStringLiteral("online"));

        console->close();
        QTRY_VERIFY(heard(watching, QStringLiteral("marie"), QStringLiteral("offline")));
        QCOMPARE(presenceOf(QStringLiteral("marie")), QStringLiteral("offline"));
        QCOMPARE(presenceOf(QStringLiteral("paul")), QStringLiteral("online"));
    }

    void staysOnlineWhileAnyOfItsConsolesIsConnected()
    {
        EventStreamClient watching;
        watching.open(eventsUrl(), bearer(m_paul));
        QVERIFY(watching.waitFor("hello", 1));
        EventStreamClient desk;
        EventStreamClient laptop;
        desk.open(eventsUrl(), bearer(m_marie));
        laptop.open(eventsUrl(), bearer(m_marie));
        QVERIFY(desk.waitFor("hello", 1));
        QVERIFY(laptop.waitFor("hello", 1));
        QTRY_COMPARE(presenceOf(QStringLiteral("marie")), QStringLiteral("online"));
        desk.close();
        // One console left: still there. The event that would say otherwise never comes.
        QCOMPARE(m_api.get(QStringLiteral("/api/agent/me"), m_marie).status, 200);
        QCOMPARE(presenceOf(QStringLiteral("marie")), QStringLiteral("online"));
        QVERIFY(!heard(watching, QStringLiteral("marie"), QStringLiteral("offline")));
        laptop.close();
        QTRY_COMPARE(presenceOf(QStringLiteral("marie")), QStringLiteral("offline"));
        QTRY_VERIFY(heard(watching, QStringLiteral("marie"), QStringLiteral("offline")));
        // Announced once per change: one online, one offline.
        int marie = 0;
        for (const ServerSentEvent &event : watching.events("presence"))
            marie += eventData(event).value(QStringLiteral("username")).toString()
                == QLatin1String("marie");
        QCOMPARE(marie, 2);
    }

    void setsAwayByHandAndBack()
    {
        EventStreamClient console;
        console.open(eventsUrl(), bearer(m_marie));
        QVERIFY(console.waitFor("hello", 1));
        QTRY_COMPARE(presenceOf(QStringLiteral("marie")), QStringLiteral("online"));

        const HttpResult away = setPresence(m_marie, R"({"status":"away"})");
        QCOMPARE(away.status, 200);
        QCOMPARE(away.json().value(QStringLiteral("status")).toString(), QStringLiteral("away"));
        QCOMPARE(away.json().value(QStringLiteral("username")).toString(), QStringLiteral("marie"));
        QCOMPARE(presenceOf(QStringLiteral("marie")), QStringLiteral("away"));
        QTRY_VERIFY(heard(console, QStringLiteral("marie"), QStringLiteral("away")));
        // Renewals keep what was set.
        QTest::qWait(600);
        QCOMPARE(presenceOf(QStringLiteral("marie")), QStringLiteral("away"));

        const HttpResult back = setPresence(m_marie, R"({"status":"online"})");
        QCOMPARE(back.status, 200);
        QCOMPARE(back.json().value(QStringLiteral("status")).toString(), QStringLiteral("online"));
        QCOMPARE(presenceOf(QStringLiteral("marie")), QStringLiteral("online"));

        QStringList audited;
        for (const AuditEntry &entry : m_backend->store()->auditEntries(20, 0)) {
            if (entry.action == QLatin1String("agent.presence")
                && entry.actor == QLatin1String("marie"))
                audited.prepend(entry.detail);
        }
        QCOMPARE(audited, QStringList({ QStringLiteral("away"), QStringLiteral("online") }));

        // Away ends with the last console: offline, and online when one connects again.
        QCOMPARE(setPresence(m_marie, R"({"status":"away"})").status, 200);
        console.close();
        QTRY_COMPARE(presenceOf(QStringLiteral("marie")), QStringLiteral("offline"));
        // Nobody connected: saying away changes nothing.
        const HttpResult nowhere = setPresence(m_marie, R"({"status":"away"})");
        QCOMPARE(nowhere.status, 200);
        QCOMPARE(
            nowhere.json().value(QStringLiteral("status")).toString(), QStringLiteral("offline"));
        EventStreamClient again;
        again.open(eventsUrl(), bearer(m_marie));
        QVERIFY(again.waitFor("hello", 1));
        QTRY_COMPARE(presenceOf(QStringLiteral("marie")), QStringLiteral("online"));
    }

    void refusesABadStatusAndChangesNothing()
    {
        EventStreamClient console;
        console.open(eventsUrl(), bearer(m_marie));
        QVERIFY(console.waitFor("hello", 1));
        QTRY_COMPARE(presenceOf(QStringLiteral("marie")), QStringLiteral("online"));
        for (const QByteArray &body : { QByteArrayLiteral(R"({"status":"offline"})"),
                 QByteArrayLiteral(R"({"status":"busy"})"), QByteArrayLiteral(R"({"status":1})"),
                 QByteArrayLiteral("{}") }) {
            const HttpResult refused = setPresence(m_marie, body);
            QCOMPARE(refused.status, 400);
            QCOMPARE(refused.json()
                         .value(QStringLiteral("error"))
                         .toObject()
                         .value(QStringLiteral("field"))
                         .toString(),
                QStringLiteral("status"));
        }
        QCOMPARE(setPresence(QByteArray(), R"({"status":"away"})").status, 401);
        QCOMPARE(presenceOf(QStringLiteral("marie")), QStringLiteral("online"));
        for (const AuditEntry &entry : m_backend->store()->auditEntries(20, 0))
            QVERIFY(entry.action != QLatin1String("agent.presence"));
    }

    void listsTheTeamWithTheirOpenConversations()
    {
        const CustomerSession first = m_api.createSession();
        const CustomerSession second = m_api.createSession();
        QCOMPARE(first.created.status, 201);
        QCOMPARE(second.created.status, 201);
        for (const CustomerSession &session : { first, second })
            QCOMPARE(m_api
                         .post(QStringLiteral("/api/agent/sessions/%1/claim").arg(session.id), "{}",
                             m_marie)
                         .status,
                200);
        QCOMPARE(
            m_api.post(QStringLiteral("/api/agent/sessions/%1/close").arg(second.id), "{}", m_marie)
                .status,
            200);

        const QJsonObject marie = listed(QStringLiteral("marie"));
        QCOMPARE(marie.value(QStringLiteral("displayName")).toString(), QStringLiteral("Marie"));
        QCOMPARE(marie.value(QStringLiteral("role")).toString(), QStringLiteral("agent"));
        QCOMPARE(marie.value(QStringLiteral("presence")).toString(), QStringLiteral("offline"));
        QCOMPARE(marie.value(QStringLiteral("openConversations")).toInt(), 1); // one closed
        QCOMPARE(
            listed(QStringLiteral("paul")).value(QStringLiteral("openConversations")).toInt(), 0);
        // The administrator of FRONTLINE_ADMIN_TOKEN owns conversations too.
        QCOMPARE(listed(QStringLiteral("admin")).value(QStringLiteral("role")).toString(),
            QStringLiteral("admin"));

        // A removed agent is not listed.
        QVERIFY(AgentAccounts(*m_backend->store()).remove(QStringLiteral("paul")));
        QVERIFY(listed(QStringLiteral("paul")).isEmpty());
        QVERIFY(!listed(QStringLiteral("marie")).isEmpty());
    }

    void forgetsTheAgentsOfANodeThatStoppedRenewing()
    {
        EventStreamClient watching;
        watching.open(eventsUrl(), bearer(m_marie));
        QVERIFY(watching.waitFor("hello", 1));
        // A node that died with Paul's console connected to it: its row is never renewed.
        m_backend->store()->setPresenceStreams(
            QStringLiteral("a-node-that-died"), QStringLiteral("paul"), 1, lifetime());
        QCOMPARE(presenceOf(QStringLiteral("paul")), QStringLiteral("online"));
        QTRY_COMPARE_WITH_TIMEOUT(
            presenceOf(QStringLiteral("paul")), QStringLiteral("offline"), 10000);
        QTRY_VERIFY(heard(watching, QStringLiteral("paul"), QStringLiteral("offline")));
        QCOMPARE(presenceOf(QStringLiteral("marie")), QStringLiteral("online")); // renewed
    }

    void aChangeOnOneNodeReachesAnother()
    {
        QFETCH_GLOBAL(QString, dialect);
        if (dialect != QLatin1String("postgresql"))
            QSKIP("Nodes share presence through PostgreSQL only");
        Backend otherNode(m_options); // the same database
        QVERIFY2(otherNode.start(), qPrintable(otherNode.errorString()));
        ApiClient there(otherNode.url());
        EventStreamClient watchingThere;
        watchingThere.open(
            QUrl(otherNode.url() + QStringLiteral("/api/agent/events")), bearer(m_paul));
        QVERIFY(watchingThere.waitFor("hello", 1));

        EventStreamClient console; // Marie's, on this node
        console.open(eventsUrl(), bearer(m_marie));
        QVERIFY(console.waitFor("hello", 1));
        QTRY_VERIFY_WITH_TIMEOUT(
            heard(watchingThere, QStringLiteral("marie"), QStringLiteral("online")), 10000);
        QCOMPARE(presenceOf(QStringLiteral("marie"), there), QStringLiteral("online"));
        QCOMPARE(setPresence(m_marie, R"({"status":"away"})").status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(
            heard(watchingThere, QStringLiteral("marie"), QStringLiteral("away")), 10000);
        QCOMPARE(presenceOf(QStringLiteral("marie"), there), QStringLiteral("away"));
        console.close();
        QTRY_VERIFY_WITH_TIMEOUT(
            heard(watchingThere, QStringLiteral("marie"), QStringLiteral("offline")), 10000);
        QCOMPARE(presenceOf(QStringLiteral("marie"), there), QStringLiteral("offline"));
    }

private:
    QUrl eventsUrl() const { return QUrl(m_backend->url() + QStringLiteral("/api/agent/events")); }
    static QHash<QByteArray, QByteArray> bearer(const QByteArray &token)
    {
        return { { "Authorization", "Bearer " + token } };
    }
    std::chrono::milliseconds lifetime() const { return m_options.presenceHeartbeat * 3; }
    HttpResult setPresence(const QByteArray &token, const QByteArray &body)
    {
        return m_api.send("PUT", QStringLiteral("/api/agent/me/presence"), body, token);
    }
    QJsonObject listed(const QString &username, ApiClient *api = nullptr)
    {
        ApiClient &client = api ? *api : m_api;
        const HttpResult team = client.get(QStringLiteral("/api/agent/agents"), m_marie);
        if (team.status != 200)
            return {};
        for (const QJsonValue &agent : team.json().value(QStringLiteral("agents")).toArray()) {
            if (agent.toObject().value(QStringLiteral("username")).toString() == username)
                return agent.toObject();
        }
        return {};
    }
    QString presenceOf(const QString &username)
    {
        return listed(username).value(QStringLiteral("presence")).toString();
    }
    QString presenceOf(const QString &username, ApiClient &api)
    {
        return listed(username, &api).value(QStringLiteral("presence")).toString();
    }

    QByteArray m_marie;
    QByteArray m_paul;
};

QTEST_GUILESS_MAIN(TestPresence)
#include "tst_presence.moc"
