// SPDX-License-Identifier: GPL-3.0-or-later
// The agent API over real HTTP, on SQLite and PostgreSQL: auth, each route, the claim race,
// the assistant silent after a takeover (even when its answer is being written), the event
// stream, and the audit log.

#include "agents/agentaccounts.h"
#include "api/errorresponse.h"
#include "apiclient.h"
#include "eventstreamclient.h"
#include "fakeopenai.h"
#include "manualclock.h"
#include "security/passwordhasher.h"
#include "security/tokens.h"
#include "server/backend.h"
#include "settings/runtimesettings.h"
#include "store/ratelimithitbatcher.h"
#include "store/ratelimits.h"
#include "store/store.h"
#include "testbackend.h"
#include "testdatabases.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <functional>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

// A customer's session, and the address a trusted proxy says the customer has (if any).
struct Customer
{
    QString id;
    QByteArray token;
    QByteArray forwardedFor;
};

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
        QVERIFY(startServing(options));
        addMarieAndPaulAndACustomer();
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
        QCOMPARE(
            me.json().value(QStringLiteral("displayName")).toString(), QStringLiteral("Marie"));
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), "automation-admin-token")
                     .json()
                     .value(QStringLiteral("role"))
                     .toString(),
            QStringLiteral("admin"));
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
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions?status=WAITING"), m_marie)
                     .json()
                     .value(QStringLiteral("sessions"))
                     .toArray()
                     .size(),
            0);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions?status=bogus"), m_marie).status, 400);
        QCOMPARE(session.value(QStringLiteral("unread")).toInt(), 1); // the customer's "hello"
        QCOMPARE(session.value(QStringLiteral("lastMessage"))
                     .toObject()
                     .value(QStringLiteral("role"))
                     .toString(),
            QStringLiteral("ASSISTANT"));
        const QJsonArray found = agentGet(QStringLiteral("/api/agent/sessions?q=HELLO"), m_marie)
                                     .json()
                                     .value(QStringLiteral("sessions"))
                                     .toArray();
        QCOMPARE(found.size(), 1);
        // The message that matched, with a snippet and where the word is in it.
        const QJsonObject match = found.at(0).toObject().value(QStringLiteral("match")).toObject();
        QVERIFY(!match.value(QStringLiteral("messageId")).toString().isEmpty());
        QVERIFY(match.value(QStringLiteral("seq")).toInt() >= 1);
        const QString snippet = match.value(QStringLiteral("snippet")).toString();
        const QJsonObject first
            = match.value(QStringLiteral("highlights")).toArray().at(0).toObject();
        QCOMPARE(snippet
                     .mid(first.value(QStringLiteral("start")).toInt(),
                         first.value(QStringLiteral("length")).toInt())
                     .toLower(),
            QStringLiteral("hello"));
        QVERIFY(!session.contains(QStringLiteral("match"))); // only with a search
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions?q=zebra"), m_marie)
                     .json()
                     .value(QStringLiteral("sessions"))
                     .toArray()
                     .size(),
            0);
        const HttpResult read = agentPost(QStringLiteral("read"), m_marie, "{}");
        QCOMPARE(read.json().value(QStringLiteral("unread")).toInt(), 0);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions"), m_marie)
                     .json()
                     .value(QStringLiteral("sessions"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("unread"))
                     .toInt(),
            0);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions"), m_paul)
                     .json()
                     .value(QStringLiteral("sessions"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("unread"))
                     .toInt(),
            1); // Paul has not read it

        const HttpResult messages
            = agentGet(QStringLiteral("/api/agent/sessions/%1/messages").arg(m_sessionId), m_marie);
        QCOMPARE(messages.status, 200);
        QCOMPARE(messages.json().value(QStringLiteral("messages")).toArray().size(),
            3); // welcome, question, answer
        QCOMPARE(
            agentGet(QStringLiteral("/api/agent/sessions/nope/messages"), m_marie).status, 404);
    }

    void filtersSessionsByStatusAndAssignedAgent()
    {
        Customer waiting, marieOwns, paulOwns, closed;
        QVERIFY(newCustomer(waiting) && newCustomer(marieOwns) && newCustomer(paulOwns)
            && newCustomer(closed));
        QCOMPARE(handoff(waiting).status, 200); // the customer asks for a human
        QCOMPARE(act(marieOwns.id, QStringLiteral("claim"), m_marie).status, 200);
        QCOMPARE(act(paulOwns.id, QStringLiteral("claim"), m_paul).status, 200);
        QCOMPARE(act(closed.id, QStringLiteral("claim"), m_marie).status, 200);
        QCOMPARE(act(closed.id, QStringLiteral("close"), m_marie).status, 200);

        const auto ids
            = [this](const char *query) { return sorted(sessionIds(QString::fromLatin1(query))); };
        QCOMPARE(
            ids(""), sorted({ m_sessionId, waiting.id, marieOwns.id, paulOwns.id, closed.id }));
        QCOMPARE(ids("?agent=marie"),
            sorted({ marieOwns.id, closed.id })); // a closed session remembers who had it
        QCOMPARE(ids("?agent=paul"), QStringList { paulOwns.id });
        QCOMPARE(ids("?agent=nobody"), QStringList());
        QCOMPARE(ids("?status=ACTIVE"), QStringList { m_sessionId });
        QCOMPARE(ids("?status=waiting"), QStringList { waiting.id }); // in any case
        QCOMPARE(ids("?status=ASSIGNED"), sorted({ marieOwns.id, paulOwns.id }));
        QCOMPARE(ids("?status=CLOSED"), QStringList { closed.id });
        QCOMPARE(ids("?status=ASSIGNED&agent=marie"), QStringList { marieOwns.id });
        QCOMPARE(ids("?status=CLOSED&agent=marie"), QStringList { closed.id });
        QCOMPARE(ids("?status=CLOSED&agent=paul"), QStringList());
        QCOMPARE(ids("?status=WAITING&agent=marie"), QStringList());

        // Only the customer who asked for a human needs one.
        const auto needsHuman = [this] {
            QMap<QString, QString> flags; // id -> "true", "false" or what else came
            for (const QJsonValue &value : agentGet(QStringLiteral("/api/agent/sessions"), m_marie)
                                               .json()
                                               .value(QStringLiteral("sessions"))
                                               .toArray()) {
                const QJsonValue flag = value.toObject().value(QStringLiteral("needsHuman"));
                flags.insert(value.toObject().value(QStringLiteral("id")).toString(),
                    flag.isBool() ? QVariant(flag.toBool()).toString()
                                  : QStringLiteral("not a bool"));
            }
            return flags;
        };
        QMap<QString, QString> flags = needsHuman();
        QCOMPARE(flags.size(), 5);
        for (auto it = flags.cbegin(); it != flags.cend(); ++it)
            QCOMPARE(it.value(),
                it.key() == waiting.id ? QStringLiteral("true") : QStringLiteral("false"));

        // Given back, a session is nobody's; claimed, a waiting one needs a human no more.
        QCOMPARE(act(marieOwns.id, QStringLiteral("release"), m_marie).status, 200);
        QCOMPARE(ids("?agent=marie"), QStringList { closed.id });
        QCOMPARE(ids("?status=ACTIVE"), sorted({ m_sessionId, marieOwns.id }));
        QCOMPARE(act(waiting.id, QStringLiteral("claim"), m_paul).status, 200);
        QCOMPARE(ids("?status=WAITING"), QStringList());
        QCOMPARE(ids("?agent=paul"), sorted({ paulOwns.id, waiting.id }));
        flags = needsHuman();
        QCOMPARE(flags.value(waiting.id), QStringLiteral("false"));
    }

    void saysSinceWhenAndWhyASessionWaits()
    {
        auto clock = std::make_shared<ManualClock>();
        QVERIFY(restartOnAFreshDatabase(clock));
        const QDateTime asked = clock->now();
        const auto session = [this](const QString &id) {
            for (const QJsonValue &value : agentGet(QStringLiteral("/api/agent/sessions"), m_marie)
                                               .json()
                                               .value(QStringLiteral("sessions"))
                                               .toArray()) {
                if (value.toObject().value(QStringLiteral("id")).toString() == id)
                    return value.toObject();
            }
            return QJsonObject();
        };
        QVERIFY(session(m_sessionId).value(QStringLiteral("waitingSince")).isNull());
        QVERIFY(session(m_sessionId).value(QStringLiteral("waitingReason")).isNull());

        const Customer customer { m_sessionId, m_customerToken, {} };
        QCOMPARE(handoff(customer).status, 200);
        QCOMPARE(session(m_sessionId).value(QStringLiteral("waitingSince")).toString(),
            asked.toString(Qt::ISODateWithMs));
        QCOMPARE(session(m_sessionId).value(QStringLiteral("waitingReason")).toString(),
            QStringLiteral("customer-asked"));

        // Asking again a minute later keeps the customer's place in the queue.
        clock->advance(60'000);
        QCOMPARE(handoff(customer).status, 200);
        QCOMPARE(session(m_sessionId).value(QStringLiteral("waitingSince")).toString(),
            asked.toString(Qt::ISODateWithMs));

        // Taken, the session waits no more; given back and asked again, it waits from then.
        QCOMPARE(act(m_sessionId, QStringLiteral("claim"), m_marie).status, 200);
        QVERIFY(session(m_sessionId).value(QStringLiteral("waitingSince")).isNull());
        QVERIFY(session(m_sessionId).value(QStringLiteral("waitingReason")).isNull());
        QCOMPARE(act(m_sessionId, QStringLiteral("release"), m_marie).status, 200);
        clock->advance(5'000);
        QCOMPARE(handoff(customer).status, 200);
        QCOMPARE(session(m_sessionId).value(QStringLiteral("waitingSince")).toString(),
            clock->now().toString(Qt::ISODateWithMs));
    }

    void pagesTheSessionListInAStableOrder()
    {
        // A clock that stands still: sessions tie on their last activity, and the order must
        // still be one and the same on every page.
        auto clock = std::make_shared<ManualClock>();
        QVERIFY(restartOnAFreshDatabase(clock));
        QList<Customer> customers { { m_sessionId, m_customerToken, {} } };
        for (int i = 0; i < 4; ++i) {
            Customer customer;
            QVERIFY(newCustomer(customer));
            customers.append(customer);
        }
        QStringList byId;
        for (const Customer &customer : customers)
            byId.append(customer.id);
        byId.sort();
        QCOMPARE(sessionIds(QStringLiteral("?limit=200")), byId); // ties go by id

        // Newest activity first: a customer's message, then a takeover.
        clock->advance(1000);
        QCOMPARE(customerSend(customers.at(2), QStringLiteral("still there?")).status, 200);
        clock->advance(1000);
        QCOMPARE(act(customers.at(3).id, QStringLiteral("claim"), m_marie).status, 200);
        QStringList expected { customers.at(3).id, customers.at(2).id };
        for (const QString &id : std::as_const(byId)) {
            if (!expected.contains(id))
                expected.append(id);
        }
        QCOMPARE(sessionIds(QString()), expected);
        QCOMPARE(sessionIds(QStringLiteral("?limit=200")), expected);

        // Pages of two: each session once, in the same order; past the end, nothing.
        QStringList paged;
        for (int offset = 0; offset < 5; offset += 2) {
            const QStringList page = sessionIds(QStringLiteral("?limit=2&offset=%1").arg(offset));
            QCOMPARE(page.size(), std::min(2, 5 - offset));
            paged += page;
        }
        QCOMPARE(paged, expected);
        QCOMPARE(sessionIds(QStringLiteral("?limit=2&offset=1")), expected.mid(1, 2));
        QCOMPARE(sessionIds(QStringLiteral("?offset=5")), QStringList());
        QCOMPARE(sessionIds(QStringLiteral("?offset=1000")), QStringList());
        // Paging comes after filtering.
        const QStringList active = expected.mid(1); // all but the claimed one
        QCOMPARE(sessionIds(QStringLiteral("?status=ACTIVE")), active);
        QCOMPARE(sessionIds(QStringLiteral("?status=ACTIVE&limit=2&offset=1")), active.mid(1, 2));
        QCOMPARE(sessionIds(QStringLiteral("?status=ACTIVE&limit=2&offset=3")), active.mid(3, 2));
        QCOMPARE(sessionIds(QStringLiteral("?q=still&limit=1&offset=0")),
            QStringList { customers.at(2).id });
        QCOMPARE(sessionIds(QStringLiteral("?q=still&limit=1&offset=1")), QStringList());
        // The list says nothing of a total: only the sessions.
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions?limit=2"), m_marie).json().keys(),
            QStringList { QStringLiteral("sessions") });

        for (const char *bad :
            { "?limit=0", "?limit=201", "?limit=two", "?offset=-1", "?offset=1.5" })
            QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions") + QLatin1String(bad), m_marie)
                         .status,
                400);
    }

    void marksASessionWhoseAssistantFailedAsNeedingAHuman()
    {
        FakeOpenAi provider;
        provider.script(FakeReply::error(401,
            { { QStringLiteral("error"),
                QJsonObject {
                    { QStringLiteral("message"), QStringLiteral("Incorrect API key") } } } }));
        QVERIFY(restartWithProvider(provider, std::chrono::seconds(5)));
        const HttpResult sent = customerSend(QStringLiteral("can you help me?"));
        QCOMPARE(sent.status, 200);
        QCOMPARE(sent.json()
                     .value(QStringLiteral("reply"))
                     .toObject()
                     .value(QStringLiteral("role"))
                     .toString(),
            QStringLiteral("SYSTEM"));

        const QJsonArray waiting
            = agentGet(QStringLiteral("/api/agent/sessions?status=WAITING"), m_marie)
                  .json()
                  .value(QStringLiteral("sessions"))
                  .toArray();
        QCOMPARE(waiting.size(), 1);
        QCOMPARE(waiting.first().toObject().value(QStringLiteral("id")).toString(), m_sessionId);
        QCOMPARE(waiting.first().toObject().value(QStringLiteral("needsHuman")).toBool(), true);
        QCOMPARE(waiting.first().toObject().value(QStringLiteral("waitingReason")).toString(),
            QStringLiteral("assistant-unavailable"));
        QCOMPARE(waiting.first()
                     .toObject()
                     .value(QStringLiteral("lastMessage"))
                     .toObject()
                     .value(QStringLiteral("role"))
                     .toString(),
            QStringLiteral("SYSTEM"));
    }

    void filtersAndPagesRateLimitHits()
    {
        // Two customers behind a trusted proxy, each with its own address; a clock moved by
        // hand, so every hit has a known time. At most 2 messages a minute.
        auto clock = std::make_shared<ManualClock>();
        QVERIFY(restartOnAFreshDatabase(clock, [](ServerOptions &options) {
            QString error;
            options.clientAddress
                = *http::ClientAddress::parse(QStringLiteral("127.0.0.1"), &error);
            // Each address's ceiling refuses: the hits are the addresses'.
            options.rateLimits = *RateLimitPolicy::parse(
                QStringLiteral("message=100/60,message-ip=2/60"), nullptr);
            options.rateLimitsFromLaunch = true;
        }));
        const QString ipA = QStringLiteral("203.0.113.7");
        const QString ipB = QStringLiteral("198.51.100.4");
        Customer a { {}, {}, ipA.toLatin1() };
        Customer b { {}, {}, ipB.toLatin1() };
        QVERIFY(newCustomer(a) && newCustomer(b));
        const auto useUp = [this](const Customer &customer, int allowed) {
            for (int i = 0; i < allowed; ++i)
                QCOMPARE(customerSend(customer, QStringLiteral("question %1").arg(i)).status, 200);
            QCOMPARE(customerSend(customer, QStringLiteral("one too many")).status, 429);
        };
        useUp(a, 2); // hit 1: A at 09:30:00.125
        QVERIFY(!QTest::currentTestFailed());
        clock->advance(30 * 1000);
        useUp(b, 2); // hit 2: B at 09:30:30.125
        useUp(a, 0); // hit 3: A at 09:30:30.125
        clock->advance(40 * 1000); // A's first two messages leave the window
        useUp(a, 2); // hit 4: A at 09:31:10.125
        clock->advance(120 * 1000);
        useUp(b, 2); // hit 5: B at 09:33:10.125
        QVERIFY(!QTest::currentTestFailed());
        writeRateLimitHits();

        struct Seen
        {
            QString key;
            QString at;
        };
        const auto hits = [this](const QString &query) {
            const HttpResult result
                = agentGet(QStringLiteral("/api/agent/rate-limits") + query, m_marie);
            QList<Seen> seen;
            if (result.status != 200)
                seen.append({ QStringLiteral("HTTP %1").arg(result.status), QString() });
            for (const QJsonValue &value : result.json().value(QStringLiteral("hits")).toArray())
                seen.append({ value.toObject().value(QStringLiteral("key")).toString(),
                    value.toObject().value(QStringLiteral("at")).toString() });
            return seen;
        };
        const auto keysOf = [](const QList<Seen> &seen) {
            QStringList keys;
            for (const Seen &one : seen)
                keys.append(one.key + QLatin1Char('@') + one.at.mid(11)); // the time of day
            return keys;
        };
        const QString a1 = ipA + QStringLiteral("@09:30:00.125Z"),
                      b2 = ipB + QStringLiteral("@09:30:30.125Z"),
                      a3 = ipA + QStringLiteral("@09:30:30.125Z"),
                      a4 = ipA + QStringLiteral("@09:31:10.125Z"),
                      b5 = ipB + QStringLiteral("@09:33:10.125Z");
        // Newest first; hits of the same millisecond newest recorded first.
        const QStringList all { b5, a4, a3, b2, a1 };
        QCOMPARE(keysOf(hits(QString())), all);
        QCOMPARE(hits(QString()).first().at, QStringLiteral("2026-11-24T09:33:10.125Z"));

        // By key.
        QCOMPARE(keysOf(hits(QStringLiteral("?key=") + ipA)), (QStringList { a4, a3, a1 }));
        QCOMPARE(keysOf(hits(QStringLiteral("?key=") + ipB)), (QStringList { b5, b2 }));
        QCOMPARE(keysOf(hits(QStringLiteral("?key=192.0.2.1"))), QStringList());
        QCOMPARE(keysOf(hits(QStringLiteral("?key=%1&route=message").arg(ipB))),
            (QStringList { b5, b2 }));
        QCOMPARE(keysOf(hits(QStringLiteral("?key=%1&route=history").arg(ipB))), QStringList());

        // By time: `from` is inclusive, `to` exclusive; any UTC offset may be given.
        QCOMPARE(keysOf(hits(
                     QStringLiteral("?from=2026-11-24T09:30:30.125Z&to=2026-11-24T09:33:10.125Z"))),
            (QStringList { a4, a3, b2 }));
        QCOMPARE(keysOf(hits(QStringLiteral("?from=2026-11-24T10:30:30.126%2B01:00"))),
            (QStringList { b5, a4 }));
        QCOMPARE(keysOf(hits(QStringLiteral("?to=2026-11-24T09:30:30.125Z"))), QStringList { a1 });
        QCOMPARE(keysOf(hits(QStringLiteral("?from=2026-11-24T09:31:00Z&key=") + ipA)),
            QStringList { a4 });
        QCOMPARE(keysOf(hits(QStringLiteral("?from=2026-11-25T00:00:00Z"))), QStringList());
        QCOMPARE(keysOf(hits(QStringLiteral("?to=2026-11-24T09:00:00Z"))), QStringList());

        // Pages: each hit once, in the same order.
        QStringList paged;
        for (int offset = 0; offset < 5; offset += 2)
            paged += keysOf(hits(QStringLiteral("?limit=2&offset=%1").arg(offset)));
        QCOMPARE(paged, all);
        QCOMPARE(keysOf(hits(QStringLiteral("?limit=1&offset=2"))), QStringList { a3 });
        QCOMPARE(keysOf(hits(QStringLiteral("?offset=5"))), QStringList());
        QCOMPARE(
            keysOf(hits(QStringLiteral("?key=%1&limit=1&offset=1").arg(ipA))), QStringList { a3 });
        for (const char *bad :
            { "?limit=0", "?limit=1001", "?offset=-1", "?to=09:30", "?from=2026-13-01T00:00:00Z" })
            QCOMPARE(
                agentGet(QStringLiteral("/api/agent/rate-limits") + QLatin1String(bad), m_marie)
                    .status,
                400);

        // Per minute: the minutes with hits, oldest first, in [from, to).
        const auto perMinute = [this](const QString &query) {
            const HttpResult result
                = agentGet(QStringLiteral("/api/agent/rate-limits/per-minute") + query, m_marie);
            QStringList minutes;
            if (result.status != 200)
                minutes.append(QStringLiteral("HTTP %1").arg(result.status));
            for (const QJsonValue &value : result.json().value(QStringLiteral("minutes")).toArray())
                minutes.append(value.toObject().value(QStringLiteral("minute")).toString()
                    + QLatin1Char('=')
                    + QString::number(value.toObject().value(QStringLiteral("hits")).toInteger()));
            return minutes;
        };
        QCOMPARE(perMinute(QStringLiteral("?from=2026-11-24T09:00:00Z&to=2026-11-24T10:00:00Z")),
            (QStringList { QStringLiteral("2026-11-24T09:30:00.000Z=3"),
                QStringLiteral("2026-11-24T09:31:00.000Z=1"),
                QStringLiteral("2026-11-24T09:33:00.000Z=1") }));
        QCOMPARE(
            perMinute(QStringLiteral("?from=2026-11-24T09:30:30.125Z&to=2026-11-24T09:33:10.125Z")),
            (QStringList { QStringLiteral("2026-11-24T09:30:00.000Z=2"),
                QStringLiteral("2026-11-24T09:31:00.000Z=1") }));
        // Without `from`, the hour before `to`.
        QCOMPARE(perMinute(QStringLiteral("?to=2026-11-24T10:30:30.125Z")),
            (QStringList { QStringLiteral("2026-11-24T09:30:00.000Z=2"),
                QStringLiteral("2026-11-24T09:31:00.000Z=1"),
                QStringLiteral("2026-11-24T09:33:00.000Z=1") }));
        QCOMPARE(perMinute(QStringLiteral("?from=2026-11-24T09:34:00Z&to=2026-11-24T10:00:00Z")),
            QStringList());
        QCOMPARE(perMinute(QStringLiteral("?from=yesterday")),
            QStringList { QStringLiteral("HTTP 400") });
    }

    // The customer learns who has joined from the claim itself: in the event stream's status
    // and in the session of the history; never the agent's username.
    void namesTheAgentWhoJoinedToTheCustomer()
    {
        EventStreamClient stream;
        stream.open(
            QUrl(m_backend->url() + QStringLiteral("/api/chat/events?sessionId=") + m_sessionId),
            { { "Authorization", "Bearer " + m_customerToken } });
        QVERIFY(stream.waitFor("status", 1));
        const auto status = [&stream](int i) {
            return QJsonDocument::fromJson(stream.events("status").at(i).data).object();
        };
        QCOMPARE(status(0).value(QStringLiteral("status")).toString(), QStringLiteral("ACTIVE"));
        QVERIFY(!status(0).contains(QStringLiteral("agentName")));

        QCOMPARE(agentPost(QStringLiteral("claim"), m_marie, "{}").status, 200);
        QVERIFY(stream.waitFor("status", 2));
        QCOMPARE(status(1),
            (QJsonObject { { QStringLiteral("sessionId"), m_sessionId },
                { QStringLiteral("status"), QStringLiteral("ASSIGNED") },
                { QStringLiteral("agentName"), QStringLiteral("Marie") } }));
        const auto customerSession = [this] {
            return m_api
                .get(QStringLiteral("/api/chat/history?sessionId=") + m_sessionId, m_customerToken)
                .json()
                .value(QStringLiteral("session"))
                .toObject();
        };
        QCOMPARE(customerSession().value(QStringLiteral("agentName")).toString(),
            QStringLiteral("Marie"));
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
        QCOMPARE(
            status(3).value(QStringLiteral("agentName")).toString(), QStringLiteral("Support"));

        // A stream opened now starts with the name.
        EventStreamClient later;
        later.open(
            QUrl(m_backend->url() + QStringLiteral("/api/chat/events?sessionId=") + m_sessionId),
            { { "Authorization", "Bearer " + m_customerToken } });
        QVERIFY(later.waitFor("status", 1));
        QCOMPARE(QJsonDocument::fromJson(later.events("status").first().data)
                     .object()
                     .value(QStringLiteral("agentName"))
                     .toString(),
            QStringLiteral("Support"));
    }

    // Issue 17, point 8: the administrator's name is a setting; its default is "Support" in
    // the customer's language, a name set is shown as it is, and a rename reaches every
    // conversation, old messages included.
    void namesTheAdministratorInTheCustomersLanguage()
    {
        const QByteArray admin = "automation-admin-token";
        Customer french;
        const CustomerSession created
            = m_api.createSession({ { QStringLiteral("locale"), QStringLiteral("fr-CA") } });
        QCOMPARE(created.created.status, 201);
        french.id = created.id;
        french.token = created.token;
        QCOMPARE(customerSend(french, QStringLiteral("Bonjour")).status, 200);
        const Customer english { m_sessionId, m_customerToken, {} };

        // Each customer's stream: its status and message events.
        const auto openStream = [this](const Customer &customer) {
            auto stream = std::make_unique<EventStreamClient>();
            stream->open(QUrl(m_backend->url() + QStringLiteral("/api/chat/events?sessionId=")
                             + customer.id),
                { { "Authorization", "Bearer " + customer.token } });
            return stream;
        };
        const auto englishStream = openStream(english);
        const auto frenchStream = openStream(french);
        QVERIFY(englishStream->waitFor("status", 1));
        QVERIFY(frenchStream->waitFor("status", 1));
        EventStreamClient agentEvents;
        agentEvents.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_marie } });
        QVERIFY(agentEvents.waitFor("hello", 1));

        for (const Customer &customer : { english, french }) {
            QCOMPARE(act(customer.id, QStringLiteral("claim"), admin).status, 200);
            QCOMPARE(act(customer.id, QStringLiteral("reply"), admin,
                         toJson({ { QStringLiteral("message"), QStringLiteral("Je regarde.") } }))
                         .status,
                200);
        }
        QVERIFY(englishStream->waitFor("status", 2));
        QVERIFY(frenchStream->waitFor("status", 2));
        const auto lastEvent = [](EventStreamClient &stream, const char *name) {
            const auto events = stream.events(name);
            return events.isEmpty()
                ? QString()
                : eventData(events.constLast()).value(QStringLiteral("agentName")).toString();
        };
        QTRY_VERIFY(lastEvent(*englishStream, "message") == QStringLiteral("Support"));
        QTRY_VERIFY(lastEvent(*frenchStream, "message") == QStringLiteral("Service client"));
        QCOMPARE(lastEvent(*englishStream, "status"), QStringLiteral("Support"));
        QCOMPARE(lastEvent(*frenchStream, "status"), QStringLiteral("Service client"));

        // What the customer's page reads: the session and the agent's messages of its history.
        const auto seenBy = [this](const Customer &customer) {
            const QJsonObject page
                = m_api
                      .get(QStringLiteral("/api/chat/history?sessionId=") + customer.id,
                          customer.token)
                      .json();
            QStringList names { page.value(QStringLiteral("session"))
                                    .toObject()
                                    .value(QStringLiteral("agentName"))
                                    .toString() };
            for (const QJsonValue &message : page.value(QStringLiteral("messages")).toArray()) {
                if (message[QStringLiteral("role")].toString() == QLatin1String("AGENT"))
                    names.append(message[QStringLiteral("agentName")].toString());
            }
            return names;
        };
        QCOMPARE(
            seenBy(english), QStringList({ QStringLiteral("Support"), QStringLiteral("Support") }));
        QCOMPARE(seenBy(french),
            QStringList({ QStringLiteral("Service client"), QStringLiteral("Service client") }));
        // Agents read the default in the server's language (English here), never the mark.
        const auto agentsSee = [this](const Customer &customer) {
            const QJsonArray messages = agentGet(
                QStringLiteral("/api/agent/sessions/%1/messages").arg(customer.id), m_marie)
                                            .json()
                                            .value(QStringLiteral("messages"))
                                            .toArray();
            return messages.last()[QStringLiteral("agentName")].toString();
        };
        QCOMPARE(agentsSee(french), QStringLiteral("Support"));
        QTRY_VERIFY(lastEvent(agentEvents, "message") == QStringLiteral("Support"));
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), admin)
                     .json()
                     .value(QStringLiteral("displayName"))
                     .toString(),
            QStringLiteral("Support"));
        const auto setName = [this] {
            return agentGet(QStringLiteral("/api/agent/settings"), m_marie)
                .json()
                .value(QStringLiteral("administratorName"));
        };
        QCOMPARE(setName(), QJsonValue(QString()));

        // A name set is shown as it is, to both, in the messages written before too; audited
        // and announced.
        const HttpResult renamed = putSettings(toJson({ { QStringLiteral("administratorName"),
                                                   QStringLiteral("  Équipe Frontline ") } }),
            admin);
        QCOMPARE(renamed.status, 200);
        QCOMPARE(renamed.json().value(QStringLiteral("administratorName")).toString(),
            QStringLiteral("Équipe Frontline"));
        const QStringList team { QStringLiteral("Équipe Frontline"),
            QStringLiteral("Équipe Frontline") };
        QCOMPARE(seenBy(english), team);
        QCOMPARE(seenBy(french), team);
        QCOMPARE(agentsSee(english), QStringLiteral("Équipe Frontline"));
        QCOMPARE(m_backend->store()->auditEntries(1, 0).first().action,
            QStringLiteral("settings.administratorName"));
        QVERIFY(agentEvents.waitFor("settings", 1));
        QCOMPARE(eventData(agentEvents.events("settings").constLast())
                     .value(QStringLiteral("key"))
                     .toString(),
            QStringLiteral("administrator/displayName"));
        // A stream opened now starts with the new name; a new message carries it.
        const auto later = openStream(french);
        QVERIFY(later->waitFor("status", 1));
        QCOMPARE(lastEvent(*later, "status"), QStringLiteral("Équipe Frontline"));
        QCOMPARE(act(french.id, QStringLiteral("reply"), admin,
                     toJson({ { QStringLiteral("message"), QStringLiteral("C’est réglé.") } }))
                     .status,
            200);
        QTRY_VERIFY(lastEvent(*frenchStream, "message") == QStringLiteral("Équipe Frontline"));

        // Renamed again, it outlives a restart; "" brings the default back.
        QCOMPARE(
            putSettings(
                toJson({ { QStringLiteral("administratorName"), QStringLiteral("Help desk") } }),
                admin)
                .status,
            200);
        QCOMPARE(seenBy(french).first(), QStringLiteral("Help desk"));
        m_backend.reset();
        QVERIFY(startServing(m_options));
        QCOMPARE(setName(), QJsonValue(QStringLiteral("Help desk")));
        QCOMPARE(seenBy(english).last(), QStringLiteral("Help desk"));
        QCOMPARE(putSettings(R"({"administratorName":""})", admin).status, 200);
        QCOMPARE(setName(), QJsonValue(QString()));
        QCOMPARE(
            seenBy(english), QStringList({ QStringLiteral("Support"), QStringLiteral("Support") }));
        QCOMPARE(seenBy(french).last(), QStringLiteral("Service client"));
    }

    // Issue 20, point 1: administrators set the team's hours; a wrong part of them names
    // itself and changes nothing.
    void setsBusinessHours()
    {
        const QByteArray admin = "automation-admin-token";
        const QJsonObject before = agentGet(QStringLiteral("/api/agent/settings"), m_marie)
                                       .json()
                                       .value(QStringLiteral("businessHours"))
                                       .toObject();
        QCOMPARE(before.value(QStringLiteral("enabled")).toBool(), false);
        QCOMPARE(before.value(QStringLiteral("timeZone")).toString(), QStringLiteral("UTC"));

        const HttpResult set = putSettings(R"({"businessHours": {"enabled": true,
            "timeZone": "Europe/Paris", "weekly": {"mon": [["09:00", "12:00"], ["14:00", "18:00"]]},
            "closedDays": ["2027-05-01"]}})",
            admin);
        QCOMPARE(set.status, 200);
        const QJsonObject hours = set.json().value(QStringLiteral("businessHours")).toObject();
        QCOMPARE(
            hours.value(QStringLiteral("timeZone")).toString(), QStringLiteral("Europe/Paris"));
        QCOMPARE(hours.value(QStringLiteral("weekly"))
                     .toObject()
                     .value(QStringLiteral("mon"))
                     .toArray()
                     .size(),
            2);
        QCOMPARE(hours.value(QStringLiteral("weekly"))
                     .toObject()
                     .value(QStringLiteral("tue"))
                     .toArray()
                     .size(),
            0);
        QCOMPARE(hours.value(QStringLiteral("closedDays")).toArray(),
            QJsonArray { QStringLiteral("2027-05-01") });
        // Only what is sent changes: the zone alone.
        const HttpResult zone
            = putSettings(R"({"businessHours": {"timeZone": "America/New_York"}})", admin);
        QCOMPARE(zone.status, 200);
        QCOMPARE(zone.json()
                     .value(QStringLiteral("businessHours"))
                     .toObject()
                     .value(QStringLiteral("weekly")),
            hours.value(QStringLiteral("weekly")));

        const qsizetype audited = m_backend->store()->auditEntries(100, 0).size();
        const HttpResult wrongZone
            = putSettings(R"({"businessHours": {"timeZone": "Mars/Olympus"}})", admin);
        QCOMPARE(wrongZone.status, 400);
        QCOMPARE(wrongZone.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("field"))
                     .toString(),
            QStringLiteral("businessHours.timeZone"));
        const HttpResult backwards
            = putSettings(R"({"businessHours": {"weekly": {"fri": [["18:00", "09:00"]]}}})", admin);
        QCOMPARE(backwards.status, 400);
        QCOMPARE(putSettings(R"({"businessHours": "9 to 5"})", admin).status, 400);
        QCOMPARE(putSettings(R"({"businessHours": {"enabled": false}})", m_marie).status, 403);
        QCOMPARE(m_backend->store()->auditEntries(100, 0).size(), audited);
        QCOMPARE(m_backend->settings()->values().businessHours.timeZone,
            QStringLiteral("America/New_York"));
        QVERIFY(m_backend->settings()->values().businessHours.enabled);
    }

    void refusesABadAdministratorNameAndKeepsTheOneSet_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("saying");
        const QByteArray admin = "automation-admin-token";
        QTest::newRow("too long") << toJson(
            { { QStringLiteral("administratorName"), QString(61, QLatin1Char('x')) } })
                                  << admin << 400 << QStringLiteral("at most 60 characters");
        QTest::newRow("a line break")
            << toJson({ { QStringLiteral("administratorName"), QStringLiteral("Sup\nport") } })
            << admin << 400 << QStringLiteral("control characters");
        QTest::newRow("a tab") << toJson(
            { { QStringLiteral("administratorName"), QStringLiteral("Sup\tport") } })
                               << admin << 400 << QStringLiteral("control characters");
        QTest::newRow("an escape")
            << toJson({ { QStringLiteral("administratorName"), QStringLiteral("Sup\x1bport") } })
            << admin << 400 << QStringLiteral("control characters");
        QTest::newRow("only spaces")
            << toJson({ { QStringLiteral("administratorName"), QStringLiteral(" \t ") } }) << admin
            << 400 << QStringLiteral("send \"\"");
        QTest::newRow("not a string") << QByteArray(R"({"administratorName":42})") << admin << 400
                                      << QStringLiteral("must be a string");
        QTest::newRow("beside a bad setting")
            << QByteArray(R"({"administratorName":"Fine","rateLimits":"message=ten"})") << admin
            << 400 << QStringLiteral("rateLimits");
        QTest::newRow("by an agent")
            << QByteArray(R"({"administratorName":"Marie and Paul"})") << QByteArray() << 403
            << QStringLiteral("Only administrators");
    }

    void refusesABadAdministratorNameAndKeepsTheOneSet()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, token);
        QFETCH(int, status);
        QFETCH(QString, saying);
        const QByteArray admin = "automation-admin-token";
        QCOMPARE(putSettings(R"({"administratorName":"Help desk"})", admin).status, 200);
        QCOMPARE(agentPost(QStringLiteral("claim"), admin, "{}").status, 200);
        QCOMPARE(agentPost(QStringLiteral("reply"), admin, R"({"message":"Hi"})").status, 200);
        const qsizetype audited = m_backend->store()->auditEntries(100, 0).size();

        const HttpResult refused = putSettings(body, token.isEmpty() ? m_marie : token);
        QCOMPARE(refused.status, status);
        QVERIFY2(errorMessage(refused).contains(saying), refused.body.constData());
        if (status == 400)
            QVERIFY2(errorMessage(refused).startsWith(QStringLiteral("Field \"")),
                refused.body.constData());
        // Nothing changed: the setting, what customers read, the audit, the database.
        QCOMPARE(agentGet(QStringLiteral("/api/agent/settings"), m_marie)
                     .json()
                     .value(QStringLiteral("administratorName"))
                     .toString(),
            QStringLiteral("Help desk"));
        QCOMPARE(customerHistory().last()[QStringLiteral("agentName")].toString(),
            QStringLiteral("Help desk"));
        QCOMPARE(m_backend->store()->auditEntries(100, 0).size(), audited);
        QCOMPARE(m_backend->store()->setting(QStringLiteral("administrator/displayName")),
            QStringLiteral("Help desk"));
        QCOMPARE(m_backend->settings()->values().rateLimits.toString(),
            RateLimitPolicy::defaults().toString());

        // The longest name allowed is taken.
        const QString longest(60, QLatin1Char('y'));
        QCOMPARE(
            putSettings(toJson({ { QStringLiteral("administratorName"), longest } }), admin).status,
            200);
        QCOMPARE(customerHistory().last()[QStringLiteral("agentName")].toString(), longest);
    }

    void takesOverRepliesAndKeepsTheAssistantSilent()
    {
        EventStreamClient events;
        events.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_marie } });
        QVERIFY(events.waitFor("hello", 1));

        QCOMPARE(agentPost(QStringLiteral("claim"), m_marie, "{}").status, 200);
        // Exactly one owner: Paul gets 409.
        const HttpResult race = agentPost(QStringLiteral("claim"), m_paul, "{}");
        QCOMPARE(race.status, 409);
        QVERIFY(errorMessage(race).contains(QLatin1String("marie")));
        QCOMPARE(agentPost(QStringLiteral("reply"), m_paul,
                     toJson({ { QStringLiteral("message"), QStringLiteral("Hi") } }))
                     .status,
            409);

        // The customer writes: the assistant stays silent while Marie owns the session.
        const HttpResult sent = customerSend(QStringLiteral("are you a robot?"));
        QCOMPARE(sent.status, 200);
        QVERIFY(sent.json().value(QStringLiteral("reply")).isNull());

        const HttpResult reply = agentPost(QStringLiteral("reply"), m_marie,
            toJson({ { QStringLiteral("message"),
                QStringLiteral("  No, I'm Marie. <b>Hello!</b>  ") } }));
        QCOMPARE(reply.status, 200);
        const QJsonObject message = reply.json().value(QStringLiteral("message")).toObject();
        QCOMPARE(message.value(QStringLiteral("role")).toString(), QStringLiteral("AGENT"));
        QCOMPARE(message.value(QStringLiteral("agentName")).toString(), QStringLiteral("Marie"));
        QCOMPARE(message.value(QStringLiteral("content")).toString(),
            QStringLiteral("No, I'm Marie. <b>Hello!</b>"));
        QCOMPARE(message.value(QStringLiteral("sanitized")).toBool(), true);

        const QJsonArray history = customerHistory();
        QCOMPARE(history.last().toObject().value(QStringLiteral("role")).toString(),
            QStringLiteral("AGENT"));
        for (const QJsonValue &m : history) // nothing from the assistant after the takeover
            QVERIFY(m.toObject().value(QStringLiteral("seq")).toInt() <= 3
                || m.toObject().value(QStringLiteral("role")).toString()
                    != QLatin1String("ASSISTANT"));

        QVERIFY(events.waitFor("session", 1));
        QVERIFY(events.waitFor("message", 2)); // the customer's and Marie's
        QCOMPARE(QJsonDocument::fromJson(events.events("session").first().data)
                     .object()
                     .value(QStringLiteral("assignedAgent"))
                     .toString(),
            QStringLiteral("marie"));

        // Back to the assistant: it answers again.
        QCOMPARE(agentPost(QStringLiteral("release"), m_paul, "{}").status, 409);
        QCOMPARE(agentPost(QStringLiteral("release"), m_marie, "{}").status, 200);
        QCOMPARE(customerSend(QStringLiteral("pricing?"))
                     .json()
                     .value(QStringLiteral("reply"))
                     .toObject()
                     .value(QStringLiteral("role"))
                     .toString(),
            QStringLiteral("ASSISTANT"));

        QStringList actions;
        for (const AuditEntry &entry : m_backend->store()->auditEntries(20, 0))
            actions.prepend(entry.actor + QLatin1Char(':') + entry.action);
        QCOMPARE(actions,
            (QStringList { QStringLiteral("marie:session.claim"),
                QStringLiteral("marie:session.reply"), QStringLiteral("marie:session.release") }));
    }

    void auditsEveryAgentAction()
    {
        QCOMPARE(act(m_sessionId, QStringLiteral("claim"), m_marie).status, 200);
        QCOMPARE(act(m_sessionId, QStringLiteral("claim"), m_paul).status,
            409); // refused: nothing to audit
        const QByteArray answer = toJson({ { QStringLiteral("message"), QStringLiteral("On it.") },
            { QStringLiteral("clientMessageId"), QStringLiteral("marie-1") } });
        const HttpResult reply = act(m_sessionId, QStringLiteral("reply"), m_marie, answer);
        QCOMPARE(reply.status, 200);
        const QString replyId = reply.json()
                                    .value(QStringLiteral("message"))
                                    .toObject()
                                    .value(QStringLiteral("id"))
                                    .toString();
        QVERIFY(!replyId.isEmpty());
        QCOMPARE(act(m_sessionId, QStringLiteral("reply"), m_marie, answer).status,
            200); // a retry: one message, one entry
        QCOMPARE(act(m_sessionId, QStringLiteral("release"), m_marie).status, 200);
        QCOMPARE(act(m_sessionId, QStringLiteral("claim"), m_paul).status, 200);
        QCOMPARE(act(m_sessionId, QStringLiteral("close"), m_marie).status, 409); // Paul's
        QCOMPARE(act(m_sessionId, QStringLiteral("close"), "automation-admin-token").status,
            200); // an administrator may
        QCOMPARE(m_api.http()
                     .post(QUrl(m_backend->url() + QStringLiteral("/api/agent/rate-limits/lift")),
                         R"({"keyKind":"ip","key":"127.0.0.1"})",
                         { { "Authorization", "Bearer " + m_marie },
                             { "Content-Type", "application/json" } })
                     .status,
            200);

        QStringList entries;
        QDateTime previous;
        const QList<AuditEntry> newestFirst = m_backend->store()->auditEntries(50, 0);
        for (auto it = newestFirst.crbegin(); it != newestFirst.crend(); ++it) {
            entries.append(QStringList { it->actor, it->action, it->target, it->detail }.join(
                QLatin1Char('|')));
            QVERIFY(it->at.isValid());
            QVERIFY(!previous.isValid() || previous <= it->at);
            previous = it->at;
        }
        const QString session = m_sessionId;
        QCOMPARE(entries,
            (QStringList { QStringLiteral("marie|session.claim|%1|").arg(session),
                QStringLiteral("marie|session.reply|%1|%2").arg(session, replyId),
                QStringLiteral("marie|session.release|%1|").arg(session),
                QStringLiteral("paul|session.claim|%1|").arg(session),
                QStringLiteral("admin|session.close|%1|").arg(session),
                QStringLiteral("marie|rate-limit.lift|ip:127.0.0.1|") }));
    }

    void keepsTheAssistantSilentWhenATakeoverComesMidAnswer()
    {
        // The provider streams its answer a word every 300 ms; the customer's request waits
        // 100 ms for it, so the answer is still being written when Marie takes over.
        FakeOpenAi provider;
        FakeReply slow = FakeReply::streamed(
            { QStringLiteral("Let me"), QStringLiteral(" look"), QStringLiteral(" that"),
                QStringLiteral(" up"), QStringLiteral(" for"), QStringLiteral(" you.") },
            8, 6);
        slow.delayBetweenMs = 300;
        provider.script(slow);
        QVERIFY(restartWithProvider(provider, std::chrono::milliseconds(100)));

        EventStreamClient customerEvents;
        customerEvents.open(
            QUrl(m_backend->url() + QStringLiteral("/api/chat/events?sessionId=") + m_sessionId),
            { { "Authorization", "Bearer " + m_customerToken } });
        QVERIFY(customerEvents.waitFor("status", 1));
        EventStreamClient agentEvents;
        agentEvents.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_paul } });
        QVERIFY(agentEvents.waitFor("hello", 1));

        const HttpResult sent = customerSend(QStringLiteral("where is my parcel?"));
        QCOMPARE(sent.status, 200);
        QVERIFY(sent.json().value(QStringLiteral("reply")).isNull()); // not within the 100 ms
        const qint64 question = sent.json()
                                    .value(QStringLiteral("userMessage"))
                                    .toObject()
                                    .value(QStringLiteral("seq"))
                                    .toInteger();
        QVERIFY(question > 0);
        QVERIFY(customerEvents.waitFor("delta", 1)); // the answer is on its way
        QCOMPARE(act(m_sessionId, QStringLiteral("claim"), m_marie).status, 200);
        QCOMPARE(provider.answersFinished(), 0); // ...and still was when Marie took over
        QTRY_COMPARE_WITH_TIMEOUT(provider.answersFinished(), 1, 10000);
        QTest::qWait(300); // the backend reads the end of the answer
        QVERIFY(customerEvents.waitFor("status", 2));

        // Nothing of the assistant after the takeover: not in the history...
        const QJsonArray history = customerHistory();
        QCOMPARE(history.last().toObject().value(QStringLiteral("seq")).toInteger(), question);
        QCOMPARE(history.last().toObject().value(QStringLiteral("role")).toString(),
            QStringLiteral("USER"));
        const QJsonArray seen
            = agentGet(QStringLiteral("/api/agent/sessions/%1/messages").arg(m_sessionId), m_marie)
                  .json()
                  .value(QStringLiteral("messages"))
                  .toArray();
        QCOMPARE(seen.last().toObject().value(QStringLiteral("seq")).toInteger(), question);
        // ...not on the customer's stream, not even a piece of the answer...
        bool takenOver = false;
        for (const ServerSentEvent &event : customerEvents.all()) {
            const QJsonObject data = eventData(event);
            if (event.event == "status"
                && data.value(QStringLiteral("status")).toString() == QLatin1String("ASSIGNED"))
                takenOver = true;
            else if (takenOver)
                QVERIFY2(event.event != "delta"
                        && data.value(QStringLiteral("role")).toString()
                            != QLatin1String("ASSISTANT"),
                    QByteArray(event.event + ' ' + event.data).constData());
        }
        QVERIFY(takenOver);
        // ...nor on the agents'.
        for (const ServerSentEvent &event : agentEvents.events("message")) {
            const QJsonObject data = eventData(event);
            QVERIFY2(data.value(QStringLiteral("role")).toString() != QLatin1String("ASSISTANT")
                    || data.value(QStringLiteral("seq")).toInteger() < question,
                event.data.constData());
        }
        // Marie answers; the session is hers.
        QCOMPARE(act(m_sessionId, QStringLiteral("reply"), m_marie,
                     R"({"message":"It left this morning."})")
                     .status,
            200);
        QCOMPARE(customerHistory().last().toObject().value(QStringLiteral("role")).toString(),
            QStringLiteral("AGENT"));
    }

    void announcesTakeoversAndRateLimitHitsToAgents()
    {
        EventStreamClient events;
        events.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_paul } });
        QVERIFY(events.waitFor("hello", 1));

        // One message and one new session a minute: the customer's second message, and a
        // second session from the same address, are refused.
        QCOMPARE(putSettings(R"({"rateLimits":"message=1/60,create-session=1/60"})",
                     "automation-admin-token")
                     .status,
            200);
        QCOMPARE(customerSend(QStringLiteral("again")).status, 429);
        QCOMPARE(m_api.createSession().created.status, 429);
        QVERIFY(events.waitFor("rate-limit-hit", 2));
        const QList<ServerSentEvent> announced = events.events("rate-limit-hit");
        QCOMPARE(announced.size(), 2);
        const QJsonObject message = eventData(announced.at(0));
        QCOMPARE(message.value(QStringLiteral("route")).toString(), QStringLiteral("message"));
        QCOMPARE(message.value(QStringLiteral("clientIp")).toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(message.value(QStringLiteral("sessionId")).toString(), m_sessionId);
        const QString kind = message.value(QStringLiteral("keyKind")).toString();
        QVERIFY2(kind == QLatin1String("ip") || kind == QLatin1String("session"), qPrintable(kind));
        QCOMPARE(message.value(QStringLiteral("key")).toString(),
            kind == QLatin1String("ip") ? QStringLiteral("127.0.0.1") : m_sessionId);
        const QJsonObject created = eventData(announced.at(1));
        QCOMPARE(
            created.value(QStringLiteral("route")).toString(), QStringLiteral("create-session"));
        QCOMPARE(created.value(QStringLiteral("keyKind")).toString(), QStringLiteral("ip"));
        QCOMPARE(created.value(QStringLiteral("key")).toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(created.value(QStringLiteral("clientIp")).toString(), QStringLiteral("127.0.0.1"));
        // The event says what the list of hits says, id and time included.
        const QJsonArray stored = agentGet(QStringLiteral("/api/agent/rate-limits"), m_paul)
                                      .json()
                                      .value(QStringLiteral("hits"))
                                      .toArray();
        QCOMPARE(stored.size(), 2);
        for (int i = 0; i < 2; ++i)
            QCOMPARE(eventData(announced.at(i)),
                stored.at(1 - i).toObject()); // the list is newest first

        // Claimed, released, claimed by another, closed: each announced with its owner.
        QCOMPARE(act(m_sessionId, QStringLiteral("claim"), m_marie).status, 200);
        QCOMPARE(
            act(m_sessionId, QStringLiteral("claim"), m_paul).status, 409); // announces nothing
        QCOMPARE(act(m_sessionId, QStringLiteral("release"), m_marie).status, 200);
        QCOMPARE(act(m_sessionId, QStringLiteral("claim"), m_paul).status, 200);
        QCOMPARE(act(m_sessionId, QStringLiteral("close"), m_paul).status, 200);
        QVERIFY(events.waitFor("session", 4));
        QTest::qWait(100); // nothing more comes
        QStringList sessions;
        for (const ServerSentEvent &event : events.events("session")) {
            const QJsonObject session = eventData(event);
            QCOMPARE(session.value(QStringLiteral("id")).toString(), m_sessionId);
            QCOMPARE(session.value(QStringLiteral("needsHuman")).toBool(), false);
            const QJsonValue agent = session.value(QStringLiteral("assignedAgent"));
            sessions.append(session.value(QStringLiteral("status")).toString() + QLatin1Char(' ')
                + (agent.isNull() ? QStringLiteral("null") : agent.toString()));
        }
        QCOMPARE(sessions,
            (QStringList { QStringLiteral("ASSIGNED marie"), QStringLiteral("ACTIVE null"),
                QStringLiteral("ASSIGNED paul"), QStringLiteral("CLOSED paul") }));

        // A customer who asks for a human is announced as needing one.
        m_backend->rateLimits()->setPolicy(RateLimitPolicy::off());
        Customer waiting;
        QVERIFY(newCustomer(waiting));
        QCOMPARE(handoff(waiting).status, 200);
        QVERIFY(events.waitFor("session", 6)); // created, then waiting
        const QJsonObject asked = eventData(events.events("session").last());
        QCOMPARE(asked.value(QStringLiteral("id")).toString(), waiting.id);
        QCOMPARE(asked.value(QStringLiteral("status")).toString(), QStringLiteral("WAITING"));
        QCOMPARE(asked.value(QStringLiteral("needsHuman")).toBool(), true);
        QVERIFY(asked.value(QStringLiteral("assignedAgent")).isNull());
    }

    void closesASession()
    {
        QCOMPARE(agentPost(QStringLiteral("claim"), m_marie, "{}").status, 200);
        QCOMPARE(agentPost(QStringLiteral("close"), m_paul, "{}").status, 409); // not his
        const HttpResult closed = agentPost(QStringLiteral("close"), m_marie, "{}");
        QCOMPARE(closed.status, 200);
        QCOMPARE(closed.json()
                     .value(QStringLiteral("session"))
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
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
        QCOMPARE(putSettings(R"({"mockMode":true})", m_marie).status, 403);
        QCOMPARE(putSettings(R"({"mockMode":true})", "automation-admin-token").status, 200);
        QCOMPARE(m_backend->store()->auditEntries(1, 0).first().action,
            QStringLiteral("settings.mockMode"));
        // Without a provider key, mock mode cannot be left.
        QCOMPARE(putSettings(R"({"mockMode":false})", "automation-admin-token").status, 409);
    }

    void changesRateLimitsAtRuntimeAndKeepsThemAcrossRestarts()
    {
        const auto limits = [this] {
            return agentGet(QStringLiteral("/api/agent/settings"), m_marie)
                .json()
                .value(QStringLiteral("rateLimits"))
                .toString();
        };
        const QString defaults = limits();
        QVERIFY(defaults.contains(QStringLiteral("message=10/60")));

        // Refused, and nothing changes: an agent, a bad policy, a bad policy beside a good
        // mock-mode switch, an unknown setting.
        QCOMPARE(putSettings(R"({"rateLimits":"message=2/60"})", m_marie).status, 403);
        const HttpResult bad
            = putSettings(R"({"rateLimits":"message=ten"})", "automation-admin-token");
        QCOMPARE(bad.status, 400);
        QVERIFY2(errorMessage(bad).contains(QStringLiteral("message=10/60,history=100/60")),
            bad.body.constData());
        QCOMPARE(
            putSettings(R"({"mockMode":true,"rateLimits":42})", "automation-admin-token").status,
            400);
        QCOMPARE(putSettings(R"({"theme":"dark"})", "automation-admin-token").status, 400);
        QCOMPARE(limits(), defaults);
        QVERIFY(m_backend->store()->auditEntries(10, 0).isEmpty());

        // An administrator tightens them: in force at once, audited, announced.
        EventStreamClient events;
        events.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_marie } });
        QVERIFY(events.waitFor("hello", 1));
        QCOMPARE(
            putSettings(R"({"rateLimits":"message=2/60"})", "automation-admin-token").status, 200);
        QCOMPARE(limits(),
            QStringLiteral(
                "create-session=20/60,history=100/60,message=2/60")); // the routes not named keep
                                                                      // theirs
        QCOMPARE(m_backend->store()->auditEntries(1, 0).first().action,
            QStringLiteral("settings.rateLimits"));
        QVERIFY(events.waitFor("settings", 1));
        QCOMPARE(customerSend(QStringLiteral("second")).status, 200); // "hello" was the first
        QCOMPARE(customerSend(QStringLiteral("third")).status, 429);

        // They outlive a restart...
        m_backend.reset();
        QVERIFY(startServing(m_options));
        QCOMPARE(limits(),
            QStringLiteral(
                "create-session=20/60,history=100/60,message=2/60")); // the routes not named keep
                                                                      // theirs
        // ...unless the operator gives limits on the command line or in the environment.
        m_backend.reset();
        ServerOptions launched = m_options;
        launched.rateLimits = *RateLimitPolicy::parse(QStringLiteral("message=7/60"), nullptr);
        launched.rateLimitsFromLaunch = true;
        QVERIFY(startServing(launched));
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
        QVERIFY(startServing(withKey));
        const HttpResult read = agentGet(QStringLiteral("/api/agent/settings"), m_marie);
        QCOMPARE(read.status, 200);
        const QJsonObject provider = read.json().value(QStringLiteral("provider")).toObject();
        QCOMPARE(provider.value(QStringLiteral("baseUrl")).toString(),
            QStringLiteral("http://127.0.0.1:1/v1"));
        QCOMPARE(provider.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-test"));
        QVERIFY(!read.body.contains("sk-agentapi-secret-key"));
        QCOMPARE(read.json().value(QStringLiteral("canLeaveMockMode")).toBool(), true);
    }

    void changesTheProviderAtRuntimeAndKeepsItAcrossRestarts()
    {
        // A provider that answers nothing (port 1), then an administrator points the server at
        // a working one with another model and prompt: the next answer comes from there.
        FakeOpenAi provider;
        m_backend.reset();
        ServerOptions withKey = m_options;
        withKey.openAi.apiKey = QStringLiteral("sk-agentapi-secret-key");
        withKey.openAi.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1/v1"));
        // The operator lets the key go to the working one (FRONTLINE_AI_ALLOWED_ORIGINS).
        withKey.openAi.keyOrigins = { ProviderOrigins::originOf(QUrl(provider.baseUrl())) };
        withKey.mockMode = false;
        QVERIFY(startServing(withKey));
        const auto shownProvider = [this] {
            return agentGet(QStringLiteral("/api/agent/settings"), m_marie)
                .json()
                .value(QStringLiteral("provider"))
                .toObject();
        };

        // Refused, and nothing changes: an agent; the key; a bad URL beside a good model; an
        // unknown field; an empty model; not an object.
        const QByteArray change = toJson({ { QStringLiteral("provider"),
            QJsonObject { { QStringLiteral("baseUrl"), provider.baseUrl() },
                { QStringLiteral("model"), QStringLiteral("gpt-changed") },
                { QStringLiteral("systemPrompt"), QStringLiteral("Answer like a pirate.") } } } });
        QCOMPARE(putSettings(change, m_marie).status, 403);
        const HttpResult key
            = putSettings(R"({"provider":{"apiKey":"sk-new"}})", "automation-admin-token");
        QCOMPARE(key.status, 400);
        QVERIFY2(key.body.contains("OPENAI_API_KEY"), key.body.constData());
        const QByteArray notHttp = toJson({ { QStringLiteral("provider"),
            QJsonObject { { QStringLiteral("baseUrl"),
                              QStringLiteral("ftp:/"
                                             "/example.com/v1") },
                { QStringLiteral("model"), QStringLiteral("gpt-ok") } } } });
        QCOMPARE(putSettings(notHttp, "automation-admin-token").status,
            400); // moc reads a double slash in a macro as a comment
        QCOMPARE(
            putSettings(R"({"provider":{"temperature":"2"}})", "automation-admin-token").status,
            400);
        QCOMPARE(
            putSettings(R"({"provider":{"model":"  "}})", "automation-admin-token").status, 400);
        QCOMPARE(putSettings(R"({"provider":"gpt-4o"})", "automation-admin-token").status, 400);
        QCOMPARE(shownProvider().value(QStringLiteral("baseUrl")).toString(),
            QStringLiteral("http://127.0.0.1:1/v1"));
        QCOMPARE(shownProvider().value(QStringLiteral("model")).toString(), m_options.openAi.model);

        EventStreamClient events;
        events.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_marie } });
        QVERIFY(events.waitFor("hello", 1));
        QCOMPARE(putSettings(change, "automation-admin-token").status, 200);
        QCOMPARE(shownProvider().value(QStringLiteral("baseUrl")).toString(), provider.baseUrl());
        QCOMPARE(shownProvider().value(QStringLiteral("model")).toString(),
            QStringLiteral("gpt-changed"));
        QCOMPARE(shownProvider().value(QStringLiteral("systemPrompt")).toString(),
            QStringLiteral("Answer like a pirate."));
        QVERIFY(events.waitFor("settings", 3));
        QStringList audited;
        for (const AuditEntry &entry : m_backend->store()->auditEntries(10, 0))
            audited.append(entry.action + QLatin1Char(' ') + entry.target);
        QVERIFY2(audited.contains(QStringLiteral("settings.provider provider/model")),
            qPrintable(audited.join(QLatin1Char(','))));
        QTRY_COMPARE_WITH_TIMEOUT(agentGet(QStringLiteral("/api/agent/settings"), m_marie)
                                      .json()
                                      .value(QStringLiteral("assistant"))
                                      .toString(),
            QStringLiteral("ok"), 5000);

        provider.script(FakeReply::streamed({ QStringLiteral("Ahoy!") }, 5, 2));
        QCOMPARE(customerSend(QStringLiteral("Where is my parcel?")).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(provider.completionRequests().size(), 1, 5000);
        const QJsonObject asked = provider.completionRequests().constFirst();
        QCOMPARE(asked.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-changed"));
        QCOMPARE(asked.value(QStringLiteral("messages"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("content"))
                     .toString(),
            QStringLiteral("Answer like a pirate."));

        // It outlives a restart; a model given on the command line or in the environment wins.
        m_backend.reset();
        QVERIFY(startServing(withKey));
        QCOMPARE(shownProvider().value(QStringLiteral("baseUrl")).toString(), provider.baseUrl());
        QCOMPARE(shownProvider().value(QStringLiteral("model")).toString(),
            QStringLiteral("gpt-changed"));
        m_backend.reset();
        ServerOptions launched = withKey;
        launched.openAi.model = QStringLiteral("gpt-from-environment");
        launched.providerFromLaunch.model = true;
        QVERIFY(startServing(launched));
        QCOMPARE(shownProvider().value(QStringLiteral("model")).toString(),
            QStringLiteral("gpt-from-environment"));
        QCOMPARE(shownProvider().value(QStringLiteral("baseUrl")).toString(), provider.baseUrl());
    }

    void showsWhoIsRateLimitedAndLiftsABlock()
    {
        // The customer uses up the 10 messages per minute (1 already sent).
        for (int i = 0; i < 9; ++i)
            QCOMPARE(customerSend(QStringLiteral("spam %1").arg(i)).status, 200);
        QCOMPARE(customerSend(QStringLiteral("one more")).status, 429);
        QCOMPARE(customerSend(QStringLiteral("and another")).status, 429);
        writeRateLimitHits();

        // One row per second: the two refusals are one row counting 2, or two rows of 1.
        const QJsonArray hits = agentGet(QStringLiteral("/api/agent/rate-limits"), m_marie)
                                    .json()
                                    .value(QStringLiteral("hits"))
                                    .toArray();
        qint64 counted = 0;
        for (const QJsonValue &hit : hits)
            counted += hit.toObject().value(QStringLiteral("count")).toInteger();
        QCOMPARE(counted, 2);
        QCOMPARE(hits.first().toObject().value(QStringLiteral("route")).toString(),
            QStringLiteral("message"));
        QCOMPARE(
            hits.first().toObject().value(QStringLiteral("sessionId")).toString(), m_sessionId);
        const QString keyKind = hits.first().toObject().value(QStringLiteral("keyKind")).toString();
        const QString key = hits.first().toObject().value(QStringLiteral("key")).toString();
        QCOMPARE(agentGet(QStringLiteral("/api/agent/rate-limits?route=history"), m_marie)
                     .json()
                     .value(QStringLiteral("hits"))
                     .toArray()
                     .size(),
            0);
        const QJsonArray minutes
            = agentGet(QStringLiteral("/api/agent/rate-limits/per-minute"), m_marie)
                  .json()
                  .value(QStringLiteral("minutes"))
                  .toArray();
        qint64 total = 0;
        for (const QJsonValue &minute : minutes)
            total += minute.toObject().value(QStringLiteral("hits")).toInteger();
        QCOMPARE(total, 2);
        QCOMPARE(
            agentGet(QStringLiteral("/api/agent/rate-limits?from=yesterday"), m_marie).status, 400);

        const HttpResult usage
            = agentGet(QStringLiteral("/api/agent/usage/session:") + m_sessionId, m_marie);
        QCOMPARE(usage.status, 200);
        QCOMPARE(usage.json().value(QStringLiteral("rateLimited")).toInt(), 2);
        QCOMPARE(usage.json().value(QStringLiteral("messagesSent")).toInt(), 10);

        // Lifting the block of both keys lets the customer write again at once.
        for (const QString &kind : { QStringLiteral("ip"), QStringLiteral("session") }) {
            const QString value = kind == keyKind
                ? key
                : (kind == QLatin1String("ip") ? QStringLiteral("127.0.0.1") : m_sessionId);
            QCOMPARE(
                m_api.http()
                    .post(QUrl(m_backend->url() + QStringLiteral("/api/agent/rate-limits/lift")),
                        toJson({ { QStringLiteral("keyKind"), kind },
                            { QStringLiteral("key"), value } }),
                        { { "Authorization", "Bearer " + m_marie },
                            { "Content-Type", "application/json" } })
                    .status,
                200);
        }
        QCOMPARE(customerSend(QStringLiteral("thanks")).status, 200);
        QCOMPARE(m_backend->store()->auditEntries(1, 0).first().action,
            QStringLiteral("rate-limit.lift"));
    }

    void aggregatesAFloodOfRefusalsPerKeyAndSecond()
    {
        // A flood from one address within one second of the (hand-moved) clock: one session
        // is allowed, the rest refused.
        auto clock = std::make_shared<ManualClock>();
        QVERIFY(restartOnAFreshDatabase(clock, [](ServerOptions &options) {
            options.rateLimits
                = *RateLimitPolicy::parse(QStringLiteral("create-session=1/60"), nullptr);
            options.rateLimitsFromLaunch = true;
            options.rateLimitHitFlushInterval
                = std::chrono::hours(1); // the test writes the batch itself
        }));
        EventStreamClient events;
        events.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_marie } });
        QVERIFY(events.waitFor("hello", 1));
        constexpr int Flood = 25;
        for (int i = 0; i < Flood; ++i) {
            Customer refused;
            QVERIFY(!newCustomer(refused));
        }
        // Nothing was written per refusal: the flood is one batch, one row.
        QCOMPARE(m_backend->store()->rateLimitHits({}).size(), 0);
        QSignalSpy batches(m_backend->rateLimitHits(), &RateLimitHitBatcher::batchWritten);
        m_backend->rateLimitHits()->flush();
        QVERIFY(batches.wait(10000)); // written by the store's writer
        QCOMPARE(batches.size(), 1);
        QCOMPARE(batches.first().at(0).toInt(), 1);
        QCOMPARE(batches.first().at(1).toLongLong(), Flood);
        // One row for the key, route and second, counting every refusal.
        const auto rows = [this] {
            const QJsonArray hits = agentGet(QStringLiteral("/api/agent/rate-limits"), m_marie)
                                        .json()
                                        .value(QStringLiteral("hits"))
                                        .toArray();
            qint64 counted = 0;
            for (const QJsonValue &hit : hits)
                counted += hit.toObject().value(QStringLiteral("count")).toInteger(1);
            return QStringLiteral("%1 row(s), %2 hit(s)").arg(hits.size()).arg(counted);
        };
        QTRY_COMPARE(rows(), QStringLiteral("1 row(s), %1 hit(s)").arg(Flood));
        const QJsonObject row = agentGet(QStringLiteral("/api/agent/rate-limits"), m_marie)
                                    .json()
                                    .value(QStringLiteral("hits"))
                                    .toArray()
                                    .first()
                                    .toObject();
        QCOMPARE(row.value(QStringLiteral("route")).toString(), QStringLiteral("create-session"));
        QCOMPARE(row.value(QStringLiteral("key")).toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(
            row.value(QStringLiteral("at")).toString(), QStringLiteral("2026-11-24T09:30:00.125Z"));
        // The per-minute figures count hits, not rows.
        const QJsonArray minutes = agentGet(
            QStringLiteral("/api/agent/rate-limits/"
                           "per-minute?from=2026-11-24T09:00:00Z&to=2026-11-24T10:00:00Z"),
            m_marie)
                                       .json()
                                       .value(QStringLiteral("minutes"))
                                       .toArray();
        QCOMPARE(minutes.size(), 1);
        QCOMPARE(minutes.first().toObject().value(QStringLiteral("hits")).toInteger(), Flood);
        // Consoles hear of the flood once, with its count, not once per refusal.
        QVERIFY(events.waitFor("rate-limit-hit", 1));
        QTest::qWait(200);
        QCOMPARE(events.events("rate-limit-hit").size(), 1);
        QCOMPARE(eventData(events.events("rate-limit-hit").constFirst()), row);

        // More of the same second, in the next batch: the same row grows, announced once more.
        for (int i = 0; i < 5; ++i) {
            Customer refused;
            QVERIFY(!newCustomer(refused));
        }
        writeRateLimitHits();
        QVERIFY(events.waitFor("rate-limit-hit", 2));
        const QJsonObject grown = eventData(events.events("rate-limit-hit").at(1));
        QCOMPARE(grown.value(QStringLiteral("id")), row.value(QStringLiteral("id")));
        QCOMPARE(grown.value(QStringLiteral("count")).toInteger(), Flood + 5);
        QCOMPARE(rows(), QStringLiteral("1 row(s), %1 hit(s)").arg(Flood + 5));
    }

    void prunesHitsOlderThanTheRetention()
    {
        auto clock = std::make_shared<ManualClock>();
        QVERIFY(restartOnAFreshDatabase(clock, [](ServerOptions &options) {
            options.rateLimits
                = *RateLimitPolicy::parse(QStringLiteral("create-session=1/60"), nullptr);
            options.rateLimitsFromLaunch = true;
        }));
        const auto listed = [this] {
            QStringList times;
            for (const QJsonValue &hit : agentGet(QStringLiteral("/api/agent/rate-limits"), m_marie)
                                             .json()
                                             .value(QStringLiteral("hits"))
                                             .toArray())
                times.append(hit.toObject().value(QStringLiteral("at")).toString());
            return times;
        };
        Customer refused;
        QVERIFY(!newCustomer(refused));
        QTRY_COMPARE(listed(), QStringList { QStringLiteral("2026-11-24T09:30:00.125Z") });
        Customer allowed;
        clock->advance(29LL * 24 * 3600 * 1000); // within the 30 days: kept
        QVERIFY(newCustomer(allowed));
        QVERIFY(!newCustomer(refused));
        QTRY_COMPARE(listed().size(), 2);
        clock->advance(2LL * 24 * 3600 * 1000); // the first is now 31 days old
        QVERIFY(newCustomer(allowed));
        QVERIFY(!newCustomer(refused));
        QTRY_COMPARE(listed(),
            (QStringList { QStringLiteral("2026-12-25T09:30:00.125Z"),
                QStringLiteral("2026-12-23T09:30:00.125Z") }));
    }

    void signsInWithAPasswordAndThrottlesFailures()
    {
        AgentAccounts(*m_backend->store(), PasswordHasher(1000))
            .setPassword(QStringLiteral("marie"), QStringLiteral("a long enough password"));
        const QUrl login(m_backend->url() + QStringLiteral("/api/agent/login"));
        const QHash<QByteArray, QByteArray> json { { "Content-Type", "application/json" } };
        const HttpResult ok = m_api.http().post(
            login, R"({"username":"marie","password":"a long enough password"})", json);
        QCOMPARE(ok.status, 200);
        const QByteArray token = ok.json().value(QStringLiteral("token")).toString().toLatin1();
        QCOMPARE(token.size(), 43);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), token)
                     .json()
                     .value(QStringLiteral("username"))
                     .toString(),
            QStringLiteral("marie"));
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), m_marie).status,
            200); // the first token still works
        // A sign-in is audited with the address it came from.
        QList<AuditEntry> audit = m_backend->store()->auditEntries(10, 0);
        QCOMPARE(audit.size(), 1);
        QCOMPARE(audit.first().actor, QStringLiteral("marie"));
        QCOMPARE(audit.first().action, QStringLiteral("agent.login"));
        QCOMPARE(audit.first().target, QStringLiteral("127.0.0.1"));

        // Checking a real password (600,000 PBKDF2 rounds) happens off the server's thread:
        // a request sent while it runs is answered before it.
        AgentAccounts directory(*m_backend->store());
        directory.add(QStringLiteral("lea"), QStringLiteral("Léa"), AgentRole::Agent);
        directory.setPassword(QStringLiteral("lea"), QStringLiteral("the real password of Lea"));
        QNetworkAccessManager network;
        QNetworkRequest slow(login);
        slow.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QStringList finished;
        QNetworkReply *signIn
            = network.post(slow, R"({"username":"lea","password":"the real password of Lea"})");
        QObject::connect(
            signIn, &QNetworkReply::finished, [&finished] { finished << QStringLiteral("login"); });
        QTest::qWait(20); // the sign-in has arrived and its check started
        QNetworkReply *health
            = network.get(QNetworkRequest(QUrl(m_backend->url() + QStringLiteral("/healthz"))));
        QObject::connect(health, &QNetworkReply::finished,
            [&finished] { finished << QStringLiteral("healthz"); });
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 30000);
        QCOMPARE(finished, (QStringList { QStringLiteral("healthz"), QStringLiteral("login") }));
        QCOMPARE(signIn->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        delete signIn;
        delete health;
        QCOMPARE(
            m_backend->store()->auditEntries(1, 0).first().action, QStringLiteral("agent.login"));

        QCOMPARE(
            m_api.http().post(login, R"({"username":"marie","password":"wrong"})", json).status,
            401);
        QCOMPARE(
            m_api.http().post(login, R"({"username":"nobody","password":"wrong"})", json).status,
            401);
        QCOMPARE(m_api.http()
                     .post(login, R"({"username":"paul","password":"no password set"})", json)
                     .status,
            401);
        QCOMPARE(m_api.http().post(login, R"({"username":"marie"})", json).status, 400);
        QCOMPARE(m_api.http()
                     .post(login, R"({"username":"marie","password":"wrong again"})", json)
                     .status,
            401);
        QCOMPARE(
            m_api.http().post(login, R"({"username":"marie","password":"and again"})", json).status,
            401);
        // Five failures from this address: even the right password waits now.
        const HttpResult throttled = m_api.http().post(
            login, R"({"username":"marie","password":"a long enough password"})", json);
        QCOMPARE(throttled.status, 429);
        QVERIFY(!throttled.header("Retry-After").isEmpty());
        // Each failure is audited with the name tried and the address; throttled ones are not
        // (the throttle is what keeps the log from flooding).
        audit = m_backend->store()->auditEntries(10, 0);
        QStringList actions;
        for (const AuditEntry &entry : audit)
            actions.append(
                entry.action + QLatin1Char(' ') + entry.actor + QLatin1Char(' ') + entry.target);
        QCOMPARE(actions,
            (QStringList { QStringLiteral("agent.login-failed marie 127.0.0.1"),
                QStringLiteral("agent.login-failed marie 127.0.0.1"),
                QStringLiteral("agent.login-failed paul 127.0.0.1"),
                QStringLiteral("agent.login-failed nobody 127.0.0.1"),
                QStringLiteral("agent.login-failed marie 127.0.0.1"),
                QStringLiteral("agent.login lea 127.0.0.1"),
                QStringLiteral("agent.login marie 127.0.0.1") }));
    }

    // Issue 14, point 1: the throttle takes its slot before the password is checked, so
    // guesses sent together cannot all be checked; at most five failures are audited.
    void throttlesPipelinedAndConcurrentWrongGuesses()
    {
        // The real hash (600,000 rounds): each check takes long enough for the guesses to overlap.
        AgentAccounts(*m_backend->store())
            .setPassword(QStringLiteral("marie"), QStringLiteral("a long enough password"));
        const QByteArray wrong = R"({"username":"marie","password":"a wrong guess"})";
        const QList<int> pipelined = pipelinedSignIns(QList<QByteArray>(20, wrong)).statuses;
        QCOMPARE(pipelined.size(), 20);
        int failures = int(pipelined.count(401));
        QVERIFY2(failures <= 5,
            qPrintable(QStringLiteral("%1 of 20 pipelined guesses were checked").arg(failures)));
        QCOMPARE(failures + pipelined.count(429), 20);

        // The same on several connections at once.
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(m_backend->url() + QStringLiteral("/api/agent/login")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 20; ++i)
            replies.append(network.post(request, wrong));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::all_of(replies.cbegin(), replies.cend(),
                    [](QNetworkReply *r) { return r->isFinished(); });
            },
            60000));
        for (QNetworkReply *reply : std::as_const(replies)) {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            QVERIFY2(status == 401 || status == 429, qPrintable(QString::number(status)));
            failures += status == 401;
            delete reply;
        }
        QVERIFY2(
            failures <= 5, qPrintable(QStringLiteral("%1 guesses were checked").arg(failures)));
        // One at a time, the rest of the five are checked; then even the right password waits.
        const QUrl login(m_backend->url() + QStringLiteral("/api/agent/login"));
        const QHash<QByteArray, QByteArray> json { { "Content-Type", "application/json" } };
        for (int i = 0; i < 10 && m_api.http().post(login, wrong, json).status == 401; ++i)
            ++failures;
        QCOMPARE(failures, 5);
        const HttpResult throttled = m_api.http().post(
            login, R"({"username":"marie","password":"a long enough password"})", json);
        QCOMPARE(throttled.status, 429);
        QVERIFY(throttled.header("Retry-After").toInt() >= 1);
        int audited = 0;
        for (const AuditEntry &entry : m_backend->store()->auditEntries(1000, 0))
            audited += entry.action == QLatin1String("agent.login-failed");
        QCOMPARE(audited, 5);
    }

    // Issue 14, point 1: a flood of sign-ins from many addresses cannot queue unbounded hashing
    // work ahead of a real sign-in: beyond eight checks at once the server answers 503 at once.
    void boundsTheSignInChecksInFlight()
    {
        QVERIFY(restartOnAFreshDatabase(nullptr, [](ServerOptions &options) {
            QString error;
            options.clientAddress
                = *http::ClientAddress::parse(QStringLiteral("127.0.0.1"), &error);
        }));
        AgentAccounts(*m_backend->store())
            .setPassword(QStringLiteral("marie"), QStringLiteral("a long enough password"));
        QList<QByteArray> addresses;
        for (int i = 1; i <= 12; ++i)
            addresses.append("10.1.0." + QByteArray::number(i));
        // On twelve connections at once: the listener hands QHttpServer one request of a
        // connection at a time, so pipelining alone never has two checks in flight.
        const PipelinedAnswers answers = signInsOnSeparateConnections(
            QList<QByteArray>(12, R"({"username":"marie","password":"a wrong guess"})"), addresses);
        QCOMPARE(answers.statuses.size(), 12);
        QCOMPARE(answers.statuses.count(401), 8);
        QCOMPARE(answers.statuses.count(503), 4);
        QCOMPARE(answers.raw.toLower().count("\r\nretry-after: 1\r\n"), 4);
        // Once those are checked, a real sign-in passes.
        QTRY_COMPARE_WITH_TIMEOUT(
            m_api.http()
                .post(QUrl(m_backend->url() + QStringLiteral("/api/agent/login")),
                    R"({"username":"marie","password":"a long enough password"})",
                    { { "Content-Type", "application/json" }, { "X-Forwarded-For", "10.1.1.1" } })
                .status,
            200, 30000);
    }

    // Issue 14, point 8: "admin" is who FRONTLINE_ADMIN_TOKEN and the local console sign in
    // as; an agent of that name could act on the administrator's conversations.
    void reservesTheAdministratorsName()
    {
        AgentAccounts directory(*m_backend->store());
        try {
            directory.add(
                QStringLiteral("admin"), QStringLiteral("Not the administrator"), AgentRole::Agent);
            QFAIL("an agent named admin was created");
        } catch (const DomainError &error) {
            QCOMPARE(httpStatusOf(error.kind()), 400);
            QVERIFY2(
                error.message().contains(QLatin1String("reserved")), qPrintable(error.message()));
        }

        // An agent stored as "admin" before the name was reserved: kept, but refused.
        Agent legacy;
        legacy.username = QStringLiteral("admin");
        legacy.displayName = QStringLiteral("Old admin");
        legacy.tokenHash = tokens::hashToken(QStringLiteral("legacy-admin-agent-token"));
        m_backend->store()->addAgent(legacy);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), "automation-admin-token")
                     .json()
                     .value(QStringLiteral("displayName"))
                     .toString(),
            QStringLiteral("Support"));
        QCOMPARE(act(m_sessionId, QStringLiteral("claim"), "automation-admin-token").status, 200);
        const HttpResult refused
            = act(m_sessionId, QStringLiteral("release"), "legacy-admin-agent-token");
        QCOMPARE(refused.status, 403);
        QCOMPARE(errorCode(refused), QStringLiteral("reserved_username"));
        QVERIFY2(refused.body.contains("frontline agent remove admin"), refused.body.constData());
        QCOMPARE(m_backend->store()->session(m_sessionId)->assignedAgent, QStringLiteral("admin"));
        QCOMPARE(
            act(m_sessionId, QStringLiteral("reply"), "legacy-admin-agent-token",
                toJson({ { QStringLiteral("message"), QStringLiteral("I am the administrator") } }))
                .status,
            403);
        // Its password does not sign it in either; nothing of it is lost.
        m_backend->store()->setAgentPassword(QStringLiteral("admin"),
            PasswordHasher(1000).hash(QStringLiteral("a long enough password")));
        QCOMPARE(m_api.http()
                     .post(QUrl(m_backend->url() + QStringLiteral("/api/agent/login")),
                         R"({"username":"admin","password":"a long enough password"})",
                         { { "Content-Type", "application/json" } })
                     .status,
            403);
        QCOMPARE(m_backend->store()->agentByUsername(QStringLiteral("admin"))->displayName,
            QStringLiteral("Old admin"));
    }

    // Issue 14, point 4: sign-out revokes the token it is sent with, and only that one.
    void signsOutAndRevokesTheTokenUsed()
    {
        setFastPassword(QStringLiteral("marie"));
        const QByteArray first = signIn(QStringLiteral("marie"));
        const QByteArray second = signIn(QStringLiteral("marie"));
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        QCOMPARE(logout(first).status, 200);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), first).status, 401);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), second).status, 200);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), m_marie).status, 200);
        QCOMPARE(logout(first).status, 401); // already over
        // The long-lived token of `frontline agent add` is not a sign-in: the answer says how
        // an operator revokes it.
        const HttpResult apiToken = logout(m_marie);
        QCOMPARE(apiToken.status, 400);
        QVERIFY2(apiToken.body.contains("frontline agent remove"), apiToken.body.constData());
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), m_marie).status, 200);
        QCOMPARE(
            m_backend->store()->auditEntries(1, 0).first().action, QStringLiteral("agent.logout"));
    }

    // Issue 14, point 4: a new password ends the agent's sign-ins (not others', not its API token).
    void revokesSignInsOnAPasswordChange()
    {
        setFastPassword(QStringLiteral("marie"));
        setFastPassword(QStringLiteral("paul"));
        const QByteArray marie = signIn(QStringLiteral("marie"));
        const QByteArray paul = signIn(QStringLiteral("paul"));
        AgentAccounts(*m_backend->store(), PasswordHasher(1000))
            .setPassword(QStringLiteral("marie"), QStringLiteral("another long password"));
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), marie).status, 401);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), paul).status, 200);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), m_marie).status, 200);
        QVERIFY(!signIn(QStringLiteral("marie"), "another long password").isEmpty());
    }

    // Issue 18, point 9: an agent sets the name customers see of them; it shows at once on
    // /me, on the customer's session and on the agent's next message, and consoles hear of it.
    // Messages written before keep the name they were signed with.
    void renamesItselfForCustomersAndConsoles()
    {
        EventStreamClient consoles;
        consoles.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_paul } });
        QVERIFY(consoles.waitFor("hello", 1));
        QCOMPARE(agentPost(QStringLiteral("claim"), m_marie, "{}").status, 200);
        QCOMPARE(
            agentPost(QStringLiteral("reply"), m_marie, R"({"message":"Before"})").status, 200);

        const HttpResult renamed = rename(R"({"displayName":"  Marie Curie "})", m_marie);
        QCOMPARE(renamed.status, 200);
        const QJsonObject expected { { QStringLiteral("username"), QStringLiteral("marie") },
            { QStringLiteral("displayName"), QStringLiteral("Marie Curie") },
            { QStringLiteral("role"), QStringLiteral("agent") } };
        QCOMPARE(renamed.json(), expected);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), m_marie).json(), expected);
        QVERIFY(consoles.waitFor("agent", 1));
        QCOMPARE(eventData(consoles.events("agent").first()), expected);
        const QJsonObject session
            = m_api
                  .get(
                      QStringLiteral("/api/chat/history?sessionId=") + m_sessionId, m_customerToken)
                  .json()
                  .value(QStringLiteral("session"))
                  .toObject();
        QCOMPARE(
            session.value(QStringLiteral("agentName")).toString(), QStringLiteral("Marie Curie"));
        QCOMPARE(agentPost(QStringLiteral("reply"), m_marie, R"({"message":"After"})").status, 200);
        const QJsonArray history = customerHistory();
        QCOMPARE(history.at(history.size() - 2)[QStringLiteral("agentName")].toString(),
            QStringLiteral("Marie"));
        QCOMPARE(
            history.last()[QStringLiteral("agentName")].toString(), QStringLiteral("Marie Curie"));
        QCOMPARE(m_backend->store()->agentByUsername(QStringLiteral("marie"))->displayName,
            QStringLiteral("Marie Curie"));
        const AuditEntry audit = m_backend->store()->auditEntries(10, 0).at(1);
        QCOMPARE(audit.action, QStringLiteral("agent.rename"));
        QCOMPARE(audit.actor, QStringLiteral("marie"));
        QCOMPARE(audit.detail, QStringLiteral("Marie Curie"));
    }

    void refusesABadDisplayNameAndKeepsTheOneSet_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("saying");
        QTest::newRow("too long") << toJson(
            { { QStringLiteral("displayName"), QString(61, QLatin1Char('x')) } })
                                  << QStringLiteral("displayName")
                                  << QStringLiteral("at most 60 characters");
        QTest::newRow("a line break")
            << toJson({ { QStringLiteral("displayName"), QStringLiteral("Ma\nrie") } })
            << QStringLiteral("displayName") << QStringLiteral("control characters");
        QTest::newRow("empty") << QByteArray(R"({"displayName":""})")
                               << QStringLiteral("displayName") << QStringLiteral("only spaces");
        QTest::newRow("only spaces")
            << QByteArray(R"({"displayName":"   "})") << QStringLiteral("displayName")
            << QStringLiteral("only spaces");
        QTest::newRow("not a string")
            << QByteArray(R"({"displayName":42})") << QStringLiteral("displayName")
            << QStringLiteral("must be a string");
        QTest::newRow("missing") << QByteArray("{}") << QStringLiteral("displayName")
                                 << QStringLiteral("must be a string");
        QTest::newRow("another field")
            << QByteArray(R"({"displayName":"Fine","role":"admin"})") << QStringLiteral("role")
            << QStringLiteral("only displayName");
    }

    void refusesABadDisplayNameAndKeepsTheOneSet()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        QFETCH(QString, saying);
        const qsizetype audited = m_backend->store()->auditEntries(100, 0).size();
        const HttpResult refused = rename(body, m_marie);
        QCOMPARE(refused.status, 400);
        QVERIFY2(errorMessage(refused).contains(saying), refused.body.constData());
        QVERIFY2(errorMessage(refused).startsWith(QStringLiteral("Field \"%1\"").arg(field)),
            refused.body.constData());
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), m_marie)
                     .json()
                     .value(QStringLiteral("displayName"))
                     .toString(),
            QStringLiteral("Marie"));
        QCOMPARE(m_backend->store()->agentByUsername(QStringLiteral("marie"))->displayName,
            QStringLiteral("Marie"));
        QCOMPARE(m_backend->store()->auditEntries(100, 0).size(), audited);
        // The longest name allowed is taken.
        const QString longest(60, QLatin1Char('y'));
        QCOMPARE(
            rename(toJson({ { QStringLiteral("displayName"), longest } }), m_marie).status, 200);
    }

    // The administrator of FRONTLINE_ADMIN_TOKEN has no account: "my name" is the setting
    // administratorName, and there is no password to change.
    void letsTheAdministratorRenameButHasNoPassword()
    {
        const QByteArray admin = "automation-admin-token";
        const HttpResult renamed = rename(R"({"displayName":"Help desk"})", admin);
        QCOMPARE(renamed.status, 200);
        QCOMPARE(renamed.json().value(QStringLiteral("displayName")).toString(),
            QStringLiteral("Help desk"));
        QCOMPARE(
            renamed.json().value(QStringLiteral("username")).toString(), QStringLiteral("admin"));
        QCOMPARE(agentGet(QStringLiteral("/api/agent/settings"), admin)
                     .json()
                     .value(QStringLiteral("administratorName"))
                     .toString(),
            QStringLiteral("Help desk"));
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), admin)
                     .json()
                     .value(QStringLiteral("displayName"))
                     .toString(),
            QStringLiteral("Help desk"));
        // "" is the default again, as for the setting; a bad name is refused as an agent's.
        QCOMPARE(rename(R"({"displayName":""})", admin).json().value(QStringLiteral("displayName")),
            QStringLiteral("Support"));
        QCOMPARE(rename(R"({"displayName":"a\nb"})", admin).status, 400);
        const HttpResult password = changePassword(
            R"({"currentPassword":"x","newPassword":"a long enough password"})", admin);
        QCOMPARE(password.status, 409);
        QCOMPARE(errorCode(password), QStringLiteral("no_password"));
    }

    void changesItsOwnPasswordAndKeepsThatSignIn()
    {
        setFastPassword(QStringLiteral("marie"));
        const QByteArray console = signIn(QStringLiteral("marie"));
        const QByteArray other = signIn(QStringLiteral("marie"));
        QVERIFY(!console.isEmpty() && !other.isEmpty());

        // Too short: refused at once, nothing counted.
        const HttpResult tooShort = changePassword(
            R"({"currentPassword":"a long enough password","newPassword":"short"})", console);
        QCOMPARE(tooShort.status, 400);
        QVERIFY2(errorMessage(tooShort).startsWith(QStringLiteral("Field \"newPassword\"")),
            tooShort.body.constData());
        // A wrong current password: refused, audited, counted as a failed sign-in.
        const HttpResult wrong = changePassword(
            R"({"currentPassword":"a wrong guess","newPassword":"a brand new password"})", console);
        QCOMPARE(wrong.status, 403);
        QCOMPARE(errorCode(wrong), QStringLiteral("wrong_password"));
        QCOMPARE(m_backend->store()->auditEntries(1, 0).first().action,
            QStringLiteral("agent.password-failed"));
        QCOMPARE(changePassword(R"({"newPassword":"a brand new password"})", console).status, 403);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), other).status, 200);

        const HttpResult changed = changePassword(
            R"({"currentPassword":"a long enough password","newPassword":"a brand new password"})",
            console);
        QCOMPARE(changed.status, 204);
        QVERIFY(changed.body.isEmpty());
        QCOMPARE(m_backend->store()->auditEntries(1, 0).first().action,
            QStringLiteral("agent.password"));
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), console).status, 200);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), other).status, 401);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), m_marie).status, 200); // API token
        QVERIFY(!signIn(QStringLiteral("marie"), "a brand new password").isEmpty());
        QVERIFY(signIn(QStringLiteral("marie")).isEmpty()); // the old one: a third failure

        // Two more failures from this address make five: even the right password waits.
        QCOMPARE(
            changePassword(R"({"currentPassword":"guess","newPassword":"0123456789"})", console)
                .status,
            403);
        QCOMPARE(
            changePassword(R"({"currentPassword":"guess","newPassword":"0123456789"})", console)
                .status,
            403);
        QCOMPARE(
            changePassword(
                R"({"currentPassword":"a brand new password","newPassword":"0123456789"})", console)
                .status,
            429);
    }

    // An agent made by 'frontline agent add' has no password: with its API token it sets one
    // without a current password.
    void setsAFirstPasswordWithoutACurrentOne()
    {
        QCOMPARE(changePassword(R"({"newPassword":"first password of Paul"})", m_paul).status, 204);
        QVERIFY(!signIn(QStringLiteral("paul"), "first password of Paul").isEmpty());
        // From now on the current one is needed.
        QCOMPARE(
            changePassword(R"({"newPassword":"second password of Paul"})", m_paul).status, 403);
    }

    // Issue 14, point 4: a sign-in token lasts 12 hours from its last use (by default).
    void expiresSignInTokensUnlessUsed()
    {
        auto clock = std::make_shared<ManualClock>();
        QVERIFY(restartOnAFreshDatabase(clock));
        setFastPassword(QStringLiteral("marie"));
        const QByteArray token = signIn(QStringLiteral("marie"));
        constexpr qint64 hour = 3600 * 1000;
        clock->advance(11 * hour);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), token).status, 200); // used: renewed
        clock->advance(11 * hour);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), token).status, 200);
        clock->advance(12 * hour + 60 * 1000);
        const HttpResult expired = agentGet(QStringLiteral("/api/agent/me"), token);
        QCOMPARE(expired.status, 401);
        QVERIFY2(expired.body.contains("sign in again"), expired.body.constData());
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), m_marie).status,
            200); // API tokens do not expire
    }

    // Issue 14, point 4: removal, a password change and sign-out close the agent's open
    // event streams; other agents' stay open.
    void closesTheEventStreamsOfRevokedTokens()
    {
        const QUrl events(m_backend->url() + QStringLiteral("/api/agent/events"));
        setFastPassword(QStringLiteral("paul"));
        AgentAccounts directory(*m_backend->store(), PasswordHasher(1000));
        directory.add(QStringLiteral("lea"), QStringLiteral("Léa"), AgentRole::Agent);
        setFastPassword(QStringLiteral("lea"));
        const QByteArray paulSignedIn = signIn(QStringLiteral("paul"));
        const QByteArray leaSignedIn = signIn(QStringLiteral("lea"));
        EventStreamClient marie, paul, paulApi, lea;
        marie.open(events, { { "Authorization", "Bearer " + m_marie } });
        paul.open(events, { { "Authorization", "Bearer " + paulSignedIn } });
        paulApi.open(events, { { "Authorization", "Bearer " + m_paul } });
        lea.open(events, { { "Authorization", "Bearer " + leaSignedIn } });
        for (EventStreamClient *stream : { &marie, &paul, &paulApi, &lea })
            QVERIFY(stream->waitFor("hello", 1));

        // Removed as `frontline agent remove` does it: in the database, from outside this server.
        QVERIFY(AgentAccounts(*m_backend->store()).remove(QStringLiteral("marie")));
        QVERIFY2(QTest::qWaitFor([&] { return marie.isFinished(); }, 10000),
            "the removed agent's stream stayed open");
        AgentAccounts(*m_backend->store(), PasswordHasher(1000))
            .setPassword(QStringLiteral("paul"), QStringLiteral("another long password"));
        QVERIFY2(QTest::qWaitFor([&] { return paul.isFinished(); }, 10000),
            "a signed-in stream outlived a password change");
        QCOMPARE(logout(leaSignedIn).status, 200);
        QVERIFY2(QTest::qWaitFor([&] { return lea.isFinished(); }, 10000),
            "a stream outlived its sign-out");

        // Paul's API token is still good: its stream keeps receiving.
        QVERIFY(!paulApi.isFinished());
        QCOMPARE(customerSend(QStringLiteral("still listening?")).status, 200);
        QVERIFY(paulApi.waitFor("message", 2));
    }

    // Agents are authenticated from memory: a token this node knows is still refused within
    // about a second of its revocation elsewhere (another node, the command line).
    void refusesAKnownTokenSoonAfterItsRevocationElsewhere()
    {
        setFastPassword(QStringLiteral("marie"));
        const QByteArray token = signIn(QStringLiteral("marie"));
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), token).status, 200); // known now
        AgentAccounts(*m_backend->store(), PasswordHasher(1000))
            .setPassword(QStringLiteral("marie"), QStringLiteral("another long password"));
        QElapsedTimer elapsed;
        elapsed.start();
        QTRY_COMPARE_WITH_TIMEOUT(
            agentGet(QStringLiteral("/api/agent/me"), token).status, 401, 5000);
        QVERIFY2(elapsed.elapsed() < 2500,
            qPrintable(QStringLiteral("refused after %1 ms").arg(elapsed.elapsed())));
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), m_marie).status, 200);
    }

    // A sign-in's use is written at most once a minute, however many requests use it; the
    // request that renews it is answered once it is written.
    void renewsASignInAtMostOnceAMinute()
    {
        auto clock = std::make_shared<ManualClock>();
        QVERIFY(restartOnAFreshDatabase(clock));
        setFastPassword(QStringLiteral("marie"));
        const QByteArray token = signIn(QStringLiteral("marie"));
        const QString hash = tokens::hashToken(QString::fromLatin1(token));
        const auto lastUsed = [&] { return m_backend->store()->agentBySignInToken(hash)->second; };
        const QDateTime signedIn = lastUsed();
        clock->advance(30 * 1000);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), token).status, 200);
        QCOMPARE(lastUsed(), signedIn);
        clock->advance(40 * 1000);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), token).status, 200);
        const QDateTime renewed = lastUsed();
        QCOMPARE(renewed, signedIn.addMSecs(70 * 1000));
        clock->advance(30 * 1000);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(agentGet(QStringLiteral("/api/agent/me"), token).status, 200);
        QCOMPARE(lastUsed(), renewed);
    }

private:
    void setFastPassword(
        const QString &agent, const QString &password = QStringLiteral("a long enough password"))
    {
        AgentAccounts(*m_backend->store(), PasswordHasher(1000)).setPassword(agent, password);
    }
    // A sign-in token, or empty when refused.
    QByteArray signIn(const QString &agent, const QByteArray &password = "a long enough password")
    {
        return m_api.signIn(agent, password);
    }
    HttpResult logout(const QByteArray &token)
    {
        return m_api.post(QStringLiteral("/api/agent/logout"), "{}", token);
    }
    struct PipelinedAnswers
    {
        QList<int> statuses; // in the order the requests were written
        QByteArray raw;
    };
    // Sign-in requests written at once on one connection (pipelined), each from the address
    // `forwardedFor` gives it (if any).
    PipelinedAnswers pipelinedSignIns(
        const QList<QByteArray> &bodies, const QList<QByteArray> &forwardedFor = {})
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(QUrl(m_backend->url()).port()));
        if (!QTest::qWaitFor(
                [&] { return socket.state() == QAbstractSocket::ConnectedState; }, 10000))
            return {};
        QByteArray requests;
        for (qsizetype i = 0; i < bodies.size(); ++i) {
            requests += "POST /api/agent/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                        "application/json\r\n"
                        "Content-Length: "
                + QByteArray::number(bodies.at(i).size()) + "\r\n";
            if (i < forwardedFor.size())
                requests += "X-Forwarded-For: " + forwardedFor.at(i) + "\r\n";
            requests += "\r\n" + bodies.at(i);
        }
        socket.write(requests);
        PipelinedAnswers answers;
        const bool allAnswered = QTest::qWaitFor(
            [&] {
                answers.raw += socket.readAll();
                return answers.raw.count("HTTP/1.1 ") >= bodies.size();
            },
            60000);
        if (!allAnswered)
            qWarning("Only %d of %d pipelined requests were answered",
                int(answers.raw.count("HTTP/1.1 ")), int(bodies.size()));
        static const QRegularExpression statusLine(QStringLiteral("HTTP/1\\.1 (\\d{3}) "));
        for (auto it = statusLine.globalMatch(QString::fromLatin1(answers.raw)); it.hasNext();)
            answers.statuses.append(it.next().captured(1).toInt());
        return answers;
    }
    // The same requests, each written at once on a connection of its own.
    PipelinedAnswers signInsOnSeparateConnections(
        const QList<QByteArray> &bodies, const QList<QByteArray> &forwardedFor)
    {
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        for (qsizetype i = 0; i < bodies.size(); ++i) {
            auto &socket = sockets.emplace_back(std::make_unique<QTcpSocket>());
            socket->connectToHost(QHostAddress::LocalHost, quint16(QUrl(m_backend->url()).port()));
        }
        if (!QTest::qWaitFor(
                [&] {
                    return std::all_of(sockets.cbegin(), sockets.cend(), [](const auto &socket) {
                        return socket->state() == QAbstractSocket::ConnectedState;
                    });
                },
                10000))
            return {};
        for (qsizetype i = 0; i < bodies.size(); ++i) {
            sockets.at(size_t(i))->write(
                "POST /api/agent/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                "application/json\r\nX-Forwarded-For: "
                + forwardedFor.at(i) + "\r\nContent-Length: "
                + QByteArray::number(bodies.at(i).size()) + "\r\n\r\n" + bodies.at(i));
        }
        QList<QByteArray> raw(bodies.size());
        const bool allAnswered = QTest::qWaitFor(
            [&] {
                bool all = true;
                for (qsizetype i = 0; i < bodies.size(); ++i) {
                    raw[i] += sockets.at(size_t(i))->readAll();
                    all = all && raw.at(i).contains("\r\n\r\n");
                }
                return all;
            },
            60000);
        if (!allAnswered)
            qWarning("Not every sign-in was answered");
        PipelinedAnswers answers;
        static const QRegularExpression statusLine(QStringLiteral("HTTP/1\\.1 (\\d{3}) "));
        for (const QByteArray &answer : std::as_const(raw)) {
            answers.raw += answer;
            const auto match = statusLine.match(QString::fromLatin1(answer));
            if (match.hasMatch())
                answers.statuses.append(match.captured(1).toInt());
        }
        return answers;
    }
    // m_backend, with m_api speaking to it.
    bool startServing(const ServerOptions &options, std::shared_ptr<const Clock> clock = nullptr)
    {
        m_backend = startBackend(options, std::move(clock));
        if (!m_backend)
            return false;
        m_api.setBaseUrl(m_backend->url());
        return true;
    }
    // The agents Marie and Paul, and a customer who said hello (m_sessionId).
    void addMarieAndPaulAndACustomer()
    {
        m_marie = addAgent(*m_backend->store(), QStringLiteral("marie"), QStringLiteral("Marie"));
        m_paul = addAgent(*m_backend->store(), QStringLiteral("paul"), QStringLiteral("Paul"));
        const CustomerSession created = m_api.createSession();
        QCOMPARE(created.created.status, 201);
        m_sessionId = created.id;
        m_customerToken = created.token;
        QCOMPARE(customerSend(QStringLiteral("hello")).status, 200);
    }
    HttpResult customerSend(const QString &text)
    {
        return customerSend({ m_sessionId, m_customerToken, {} }, text);
    }
    static Headers forwardedFor(const Customer &customer)
    {
        if (customer.forwardedFor.isEmpty())
            return {};
        return { { "X-Forwarded-For", customer.forwardedFor } };
    }
    HttpResult customerSend(const Customer &customer, const QString &text)
    {
        return m_api.sendMessage(
            { customer.id, customer.token, {} }, text, QString(), forwardedFor(customer));
    }
    // Another customer's session (from `customer.forwardedFor` when set); false if refused.
    bool newCustomer(Customer &customer)
    {
        const CustomerSession created = m_api.createSession({}, forwardedFor(customer));
        customer.id = created.id;
        customer.token = created.token;
        return created.created.status == 201 && !customer.id.isEmpty();
    }
    HttpResult handoff(const Customer &customer)
    {
        return m_api.post(QStringLiteral("/api/chat/handoff"),
            toJson({ { QStringLiteral("sessionId"), customer.id } }), customer.token);
    }
    // The ids of GET /api/agent/sessions with `query`, in the order listed.
    QStringList sessionIds(const QString &query)
    {
        const HttpResult result = agentGet(QStringLiteral("/api/agent/sessions") + query, m_marie);
        QStringList ids;
        if (result.status != 200)
            ids.append(QStringLiteral("HTTP %1").arg(result.status));
        for (const QJsonValue &session : result.json().value(QStringLiteral("sessions")).toArray())
            ids.append(session.toObject().value(QStringLiteral("id")).toString());
        return ids;
    }
    // The backend again, on a new empty database with Marie, Paul and a customer who said
    // hello, with `clock` and whatever `adjust` changes in its options.
    bool restartOnAFreshDatabase(
        std::shared_ptr<const Clock> clock, const std::function<void(ServerOptions &)> &adjust = {})
    {
        QFETCH_GLOBAL(QString, dialect);
        m_backend.reset();
        ServerOptions options = m_databases.serverOptions(dialect);
        options.adminToken = m_options.adminToken;
        if (adjust)
            adjust(options);
        m_options = options;
        if (!startServing(options, std::move(clock)))
            return false;
        addMarieAndPaulAndACustomer();
        return !QTest::currentTestFailed();
    }
    // The backend again, on the same database, answered by `provider` instead of the mock;
    // a customer's request waits `replyWait` for the answer.
    bool restartWithProvider(const FakeOpenAi &provider, std::chrono::milliseconds replyWait)
    {
        m_backend.reset();
        ServerOptions options = m_options;
        options.mockMode = false;
        options.openAi.apiKey = QStringLiteral("sk-agentapi-test-key");
        options.openAi.baseUrl = QUrl(provider.baseUrl());
        options.openAi.requestTimeout = std::chrono::seconds(5);
        options.openAi.retryBudget = std::chrono::seconds(5);
        options.assistantPolicy.replyWait = replyWait;
        return startServing(options);
    }
    QJsonArray customerHistory() { return m_api.history({ m_sessionId, m_customerToken, {} }); }
    HttpResult agentGet(const QString &path, const QByteArray &token)
    {
        return m_api.get(path, token);
    }
    HttpResult rename(const QByteArray &body, const QByteArray &token)
    {
        return m_api.send("PUT", QStringLiteral("/api/agent/me"), body, token);
    }
    HttpResult changePassword(const QByteArray &body, const QByteArray &token)
    {
        return m_api.post(QStringLiteral("/api/agent/me/password"), body, token);
    }
    HttpResult putSettings(const QByteArray &body, const QByteArray &token)
    {
        return m_api.send("PUT", QStringLiteral("/api/agent/settings"), body, token);
    }
    HttpResult agentPost(const QString &action, const QByteArray &token, const QByteArray &body)
    {
        return act(m_sessionId, action, token, body);
    }
    HttpResult act(const QString &sessionId, const QString &action, const QByteArray &token,
        const QByteArray &body = QByteArrayLiteral("{}"))
    {
        return m_api.post(
            QStringLiteral("/api/agent/sessions/%1/%2").arg(sessionId, action), body, token);
    }

    // What the limiter refused so far, written now (by the store's writer) and waited for.
    void writeRateLimitHits()
    {
        QSignalSpy written(m_backend->rateLimitHits(), &RateLimitHitBatcher::batchWritten);
        m_backend->rateLimitHits()->flush();
        QVERIFY(written.wait(10000));
    }

    TestDatabases m_databases;
    ApiClient m_api;
    std::unique_ptr<Backend> m_backend;
    ServerOptions m_options;
    QByteArray m_marie;
    QByteArray m_paul;
    QString m_sessionId;
    QByteArray m_customerToken;
};

QTEST_GUILESS_MAIN(TestAgentApi)
#include "tst_agentapi.moc"
