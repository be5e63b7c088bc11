// SPDX-License-Identifier: GPL-3.0-or-later
// Auto-assignment over real HTTP, on SQLite and PostgreSQL: off by default; once on, waiting
// conversations go to the online agents up to their capacity, least loaded first, never to an
// agent who is away; one left unanswered goes to the next agent; a wrong policy is refused and
// the one set stays. Agents are online as their consoles are: with an event stream open.

#include "apiclient.h"
#include "apitestcase.h"
#include "eventstreamclient.h"
#include "manualclock.h"
#include "server/backend.h"
#include "store/store.h"
#include "testbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class TestAutoAssignment : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_options = optionsForThisRow();
        // Looks for unanswered conversations often: the test moves the clock, not time.
        m_options.autoAssignmentCheckInterval = std::chrono::milliseconds(100);
        QVERIFY(startServer(m_clock));
        Store &store = *m_backend->store();
        m_boss = addAgent(store, QStringLiteral("boss"), QStringLiteral("Boss"), AgentRole::Admin);
        m_alice = addAgent(store, QStringLiteral("alice"), QStringLiteral("Alice"));
        m_bob = addAgent(store, QStringLiteral("bob"), QStringLiteral("Bob"));
        m_carol = addAgent(store, QStringLiteral("carol"), QStringLiteral("Carol"));
    }
    void cleanup()
    {
        m_consoles.clear();
        ApiTestCase::cleanup();
    }

    void isOffByDefault()
    {
        const QJsonObject policy = settings().value(QStringLiteral("autoAssignment")).toObject();
        QCOMPARE(policy.value(QStringLiteral("enabled")).toBool(true), false);
        QCOMPARE(policy.value(QStringLiteral("capacity")).toInt(), 3);
        QCOMPARE(policy.value(QStringLiteral("answerMinutes")).toInt(), 3);
    }

    void balancesSixWaitingConversationsOverTwoOnlineAgentsAndSkipsOneAway()
    {
        connectConsole(m_alice);
        connectConsole(m_bob);
        connectConsole(m_carol);
        QCOMPARE(m_api
                     .send("PUT", QStringLiteral("/api/agent/me/presence"), R"({"status":"away"})",
                         m_carol)
                     .status,
            200);
        QTRY_COMPARE(presenceOf(QStringLiteral("carol")), QStringLiteral("away"));
        QTRY_COMPARE(presenceOf(QStringLiteral("alice")), QStringLiteral("online"));
        QTRY_COMPARE(presenceOf(QStringLiteral("bob")), QStringLiteral("online"));

        // Six customers ask for a human while it is off: they wait.
        QList<CustomerSession> customers;
        for (int i = 0; i < 6; ++i) {
            customers.append(waitingCustomer());
            m_clock->advance(1000); // in a known order
        }
        QCOMPARE(statusOf(customers.first()), QStringLiteral("WAITING"));

        QCOMPARE(setPolicy(R"({"enabled": true, "capacity": 3, "answerMinutes": 0})").status, 200);
        QTRY_COMPARE(owners(customers).count(QStringLiteral("alice")), 3);
        QTRY_COMPARE(owners(customers).count(QStringLiteral("bob")), 3);
        QVERIFY(!owners(customers).contains(QStringLiteral("carol")));
        // Audited, and the console of the agent hears of it as of a claim.
        bool audited = false;
        for (const AuditEntry &entry : m_backend->store()->auditEntries(50, 0))
            audited = audited
                || (entry.action == QLatin1String("session.autoassign")
                    && entry.actor == QLatin1String("auto-assignment")
                    && entry.detail == QLatin1String("alice"));
        QVERIFY(audited);
        bool heard = false;
        for (const ServerSentEvent &event : m_consoles.front()->events("session"))
            heard = heard || event.data.contains(R"("assignedAgent":"alice")");
        QVERIFY(heard);

        // Both are full: the seventh waits, until one of them closes a conversation.
        const CustomerSession seventh = waitingCustomer();
        QTest::qWait(300); // several passes go by
        QCOMPARE(statusOf(seventh), QStringLiteral("WAITING"));
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/agent/sessions/%1/close").arg(customers.first().id),
                         "{}", m_alice)
                     .status,
            200);
        QTRY_COMPARE(ownerOf(seventh), QStringLiteral("alice"));

        // Carol comes back: the next one is hers, the least loaded.
        QCOMPARE(m_api
                     .send("PUT", QStringLiteral("/api/agent/me/presence"),
                         R"({"status":"online"})", m_carol)
                     .status,
            200);
        const CustomerSession eighth = waitingCustomer();
        QTRY_COMPARE(ownerOf(eighth), QStringLiteral("carol"));
    }

    void givesAConversationLeftUnansweredToTheNextAgent()
    {
        connectConsole(m_alice);
        connectConsole(m_bob);
        QTRY_COMPARE(presenceOf(QStringLiteral("bob")), QStringLiteral("online"));
        QCOMPARE(setPolicy(R"({"enabled": true, "answerMinutes": 2})").status, 200);
        const CustomerSession customer = waitingCustomer();
        QTRY_COMPARE(ownerOf(customer), QStringLiteral("alice")); // tie: by username

        m_clock->advance(2 * 60 * 1000 + 1000); // Alice says nothing for two minutes
        QTRY_COMPARE(ownerOf(customer), QStringLiteral("bob"));
        bool returned = false;
        for (const AuditEntry &entry : m_backend->store()->auditEntries(50, 0))
            returned = returned
                || (entry.action == QLatin1String("session.unanswered")
                    && entry.detail == QLatin1String("alice"));
        QVERIFY(returned);

        // Bob answers: it stays his however long it then takes.
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/agent/sessions/%1/reply").arg(customer.id),
                         R"({"message":"Bonjour, je regarde."})", m_bob)
                     .status,
            200);
        m_clock->advance(60 * 60 * 1000);
        QTest::qWait(300); // several passes go by
        QCOMPARE(ownerOf(customer), QStringLiteral("bob"));
        QCOMPARE(statusOf(customer), QStringLiteral("ASSIGNED"));
    }

    void neverGivesAnAgentMoreThanTheirCapacityBetweenTwoNodes()
    {
        QFETCH_GLOBAL(QString, dialect);
        if (dialect != QLatin1String("postgresql"))
            QSKIP("Nodes share a database on PostgreSQL only");
        Backend otherNode(m_options, m_clock); // the same database, another port
        QVERIFY2(otherNode.start(), qPrintable(otherNode.errorString()));
        // Alice's console on this node, Bob's on the other.
        connectConsole(m_alice);
        EventStreamClient bobThere;
        bobThere.open(QUrl(otherNode.url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_bob } });
        QVERIFY(bobThere.waitFor("hello", 1));
        QTRY_COMPARE(presenceOf(QStringLiteral("bob")), QStringLiteral("online"));
        QList<CustomerSession> customers;
        for (int i = 0; i < 8; ++i)
            customers.append(waitingCustomer());
        // Both nodes give the queue out as soon as it is on (each hears of it at once).
        QCOMPARE(setPolicy(R"({"enabled": true, "capacity": 3, "answerMinutes": 0})").status, 200);
        QTRY_COMPARE(owners(customers).count(QStringLiteral("alice")), 3);
        QTRY_COMPARE(owners(customers).count(QStringLiteral("bob")), 3);
        QTest::qWait(500); // passes of both nodes go by
        QCOMPARE(owners(customers).count(QStringLiteral("alice")), 3);
        QCOMPARE(owners(customers).count(QStringLiteral("bob")), 3);
        QCOMPARE(owners(customers).count(QString()), 2);
        m_consoles.clear();
    }

    void refusesAWrongPolicyAndKeepsTheOneSet_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("capacity 0") << QByteArray(R"({"autoAssignment":{"capacity":0}})")
                                    << QStringLiteral("autoAssignment.capacity");
        QTest::newRow("capacity 2.5") << QByteArray(R"({"autoAssignment":{"capacity":2.5}})")
                                      << QStringLiteral("autoAssignment.capacity");
        QTest::newRow("capacity 101") << QByteArray(R"({"autoAssignment":{"capacity":101}})")
                                      << QStringLiteral("autoAssignment.capacity");
        QTest::newRow("enabled text") << QByteArray(R"({"autoAssignment":{"enabled":"yes"}})")
                                      << QStringLiteral("autoAssignment.enabled");
        QTest::newRow("minutes -1") << QByteArray(R"({"autoAssignment":{"answerMinutes":-1}})")
                                    << QStringLiteral("autoAssignment.answerMinutes");
        QTest::newRow("an agent's -1")
            << QByteArray(R"({"autoAssignment":{"capacities":{"alice":-1}}})")
            << QStringLiteral("autoAssignment.capacities.alice");
        QTest::newRow("capacities list")
            << QByteArray(R"({"autoAssignment":{"capacities":["alice"]}})")
            << QStringLiteral("autoAssignment.capacities");
        QTest::newRow("unknown") << QByteArray(R"({"autoAssignment":{"roundRobin":true}})")
                                 << QStringLiteral("autoAssignment.roundRobin");
        QTest::newRow("not an object")
            << QByteArray(R"({"autoAssignment":true})") << QStringLiteral("autoAssignment");
        // The whole change is refused: the good part of it is not made either.
        QTest::newRow("half good")
            << QByteArray(R"({"autoAssignment":{"enabled":false,"capacity":"9"}})")
            << QStringLiteral("autoAssignment.capacity");
    }
    void refusesAWrongPolicyAndKeepsTheOneSet()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        QCOMPARE(
            setPolicy(R"({"enabled": true, "capacity": 4, "capacities": {"bob": 1}})").status, 200);
        const QJsonObject before = settings().value(QStringLiteral("autoAssignment")).toObject();
        const HttpResult refused
            = m_api.send("PUT", QStringLiteral("/api/agent/settings"), body, m_boss);
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("field"))
                     .toString(),
            field);
        QCOMPARE(settings().value(QStringLiteral("autoAssignment")).toObject(), before);
        // Only administrators change it.
        QCOMPARE(m_api
                     .send("PUT", QStringLiteral("/api/agent/settings"),
                         R"({"autoAssignment":{"enabled":false}})", m_alice)
                     .status,
            403);
        QCOMPARE(settings().value(QStringLiteral("autoAssignment")).toObject(), before);
    }

private:
    void connectConsole(const QByteArray &token)
    {
        auto stream = std::make_unique<EventStreamClient>();
        stream->open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + token } });
        QVERIFY(stream->waitFor("hello", 1));
        m_consoles.push_back(std::move(stream));
    }
    HttpResult setPolicy(const QByteArray &policy)
    {
        return m_api.send("PUT", QStringLiteral("/api/agent/settings"),
            QByteArrayLiteral(R"({"autoAssignment":)") + policy + '}', m_boss);
    }
    QJsonObject settings()
    {
        return m_api.get(QStringLiteral("/api/agent/settings"), m_boss).json();
    }
    CustomerSession waitingCustomer()
    {
        const CustomerSession customer = m_api.createSession();
        [&] { QCOMPARE(customer.created.status, 201); }();
        const HttpResult handoff = m_api.post(QStringLiteral("/api/chat/handoff"),
            compact({ { QStringLiteral("sessionId"), customer.id } }), customer.token);
        [&] { QCOMPARE(handoff.status, 200); }();
        return customer;
    }
    QJsonObject sessionOf(const CustomerSession &customer)
    {
        for (const QJsonValue &s :
            m_api.get(QStringLiteral("/api/agent/sessions?limit=200"), m_boss)
                .json()
                .value(QStringLiteral("sessions"))
                .toArray()) {
            if (s.toObject().value(QStringLiteral("id")).toString() == customer.id)
                return s.toObject();
        }
        return {};
    }
    QString statusOf(const CustomerSession &customer)
    {
        return sessionOf(customer).value(QStringLiteral("status")).toString();
    }
    QString ownerOf(const CustomerSession &customer)
    {
        return sessionOf(customer).value(QStringLiteral("assignedAgent")).toString();
    }
    QStringList owners(const QList<CustomerSession> &customers)
    {
        QStringList result;
        for (const CustomerSession &customer : customers)
            result.append(ownerOf(customer));
        return result;
    }
    QString presenceOf(const QString &username)
    {
        for (const QJsonValue &agent : m_api.get(QStringLiteral("/api/agent/agents"), m_boss)
                                           .json()
                                           .value(QStringLiteral("agents"))
                                           .toArray()) {
            if (agent.toObject().value(QStringLiteral("username")).toString() == username)
                return agent.toObject().value(QStringLiteral("presence")).toString();
        }
        return {};
    }

    std::shared_ptr<ManualClock> m_clock = std::make_shared<ManualClock>();
    std::vector<std::unique_ptr<EventStreamClient>> m_consoles;
    QByteArray m_boss;
    QByteArray m_alice;
    QByteArray m_bob;
    QByteArray m_carol;
};

QTEST_GUILESS_MAIN(TestAutoAssignment)
#include "tst_autoassignment.moc"
