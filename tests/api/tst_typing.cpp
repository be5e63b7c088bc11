// SPDX-License-Identifier: GPL-3.0-or-later
// Typing and seen over real HTTP, on SQLite and PostgreSQL: the customer's typing reaches the
// agents' streams, the owner's typing reaches the customer's stream with the name the customer
// sees; typing beyond its limit is answered 204 and announced to nobody; what the customer has
// seen is stored (only growing), announced and shown in the session's JSON; bad input changes
// nothing; none of it is a message. On PostgreSQL both reach the streams of another node.

#include "apiclient.h"
#include "apitestcase.h"
#include "eventstreamclient.h"
#include "security/ratelimiter.h"
#include "server/backend.h"
#include "store/store.h"
#include "testbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

QByteArray body(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class TestTyping : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_options = optionsForThisRow();
        // Typing at most 3 a minute per session, so that the test reaches the limit.
        m_options.rateLimits = *RateLimitPolicy::parse(QStringLiteral("typing=3/60"), nullptr);
        m_options.rateLimitsFromLaunch = true;
        QVERIFY(startServer());
        m_marie = addAgent(*m_backend->store(), QStringLiteral("marie"), QStringLiteral("Marie"));
        m_paul = addAgent(*m_backend->store(), QStringLiteral("paul"), QStringLiteral("Paul"));
        m_customer = m_api.createSession();
        QCOMPARE(m_customer.created.status, 201);
    }

    void theCustomersTypingReachesTheAgentsAndIsNoMessage()
    {
        EventStreamClient agents;
        agents.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_marie } });
        QVERIFY(agents.waitFor("hello", 1));
        const qsizetype before = m_api.history(m_customer).size(); // the welcome
        QCOMPARE(before, 1);

        const HttpResult typed = customerTyping(m_customer);
        QCOMPARE(typed.status, 204);
        QVERIFY(typed.body.isEmpty());
        QVERIFY(agents.waitFor("typing", 1));
        const QJsonObject event = eventData(agents.events("typing").constFirst());
        QCOMPARE(event.value(QStringLiteral("sessionId")).toString(), m_customer.id);
        QCOMPARE(event.value(QStringLiteral("who")).toString(), QStringLiteral("customer"));

        // Not a message: neither the customer's history nor the agents' list grows.
        QCOMPARE(m_api.history(m_customer).size(), before);
        QCOMPARE(agentMessages(m_marie).size(), before);
        QCOMPARE(agents.events("message").size(), 0);
    }

    void typingBeyondItsLimitIsAnswered204AndAnnouncedToNobody()
    {
        EventStreamClient agents;
        agents.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_marie } });
        QVERIFY(agents.waitFor("hello", 1));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(customerTyping(m_customer).status, 204);
        QVERIFY(agents.waitFor("typing", 3));
        // Over the limit: the page gets its 204 all the same, with no error...
        for (int i = 0; i < 3; ++i) {
            const HttpResult dropped = customerTyping(m_customer);
            QCOMPARE(dropped.status, 204);
            QVERIFY(dropped.body.isEmpty());
        }
        // ...and nothing is announced. A seen, announced after them, comes after the typing
        // there was: the stream is in order, so the dropped ones would have come before it.
        QCOMPARE(seen(m_customer, 1).status, 204);
        QVERIFY(agents.waitFor("seen", 1));
        QCOMPARE(agents.events("typing").size(), 3);
        // Another customer is not held back by that one's limit.
        const CustomerSession other = m_api.createSession();
        QCOMPARE(customerTyping(other).status, 204);
        QVERIFY(agents.waitFor("typing", 4));
        QCOMPARE(eventData(agents.events("typing").constLast())
                     .value(QStringLiteral("sessionId"))
                     .toString(),
            other.id);
        // No rate-limit hit is recorded for typing.
        QTest::qWait(1200); // the hit batcher's flush interval
        for (const QJsonValue &hit : m_api.get(QStringLiteral("/api/agent/rate-limits"), m_marie)
                                         .json()
                                         .value(QStringLiteral("hits"))
                                         .toArray())
            QVERIFY(hit.toObject().value(QStringLiteral("route")).toString()
                != QLatin1String("typing"));
    }

    void theOwnersTypingReachesTheCustomerWithTheirName()
    {
        EventStreamClient customer;
        openCustomerStream(customer, m_backend->url(), m_customer);
        // Only the owner types to the customer.
        QCOMPARE(agentTyping(m_marie).status, 409);
        QCOMPARE(act(QStringLiteral("claim"), m_marie).status, 200);
        QCOMPARE(agentTyping(m_paul).status, 409);
        const HttpResult typed = agentTyping(m_marie);
        QCOMPARE(typed.status, 204);
        QVERIFY(typed.body.isEmpty());
        QVERIFY(customer.waitFor("typing", 1));
        const QJsonObject event = eventData(customer.events("typing").constFirst());
        QCOMPARE(event.value(QStringLiteral("sessionId")).toString(), m_customer.id);
        QCOMPARE(event.value(QStringLiteral("who")).toString(), QStringLiteral("agent"));
        QCOMPARE(event.value(QStringLiteral("name")).toString(), QStringLiteral("Marie"));
        // The username is not given to the customer.
        QVERIFY(!customer.events("typing").constFirst().data.contains("marie"));
        // Not a message either.
        QCOMPARE(m_api.history(m_customer).size(), 1);
        // Unknown session, no token.
        QCOMPARE(
            m_api.post(QStringLiteral("/api/agent/sessions/no-such-session/typing"), "{}", m_marie)
                .status,
            404);
        QCOMPARE(
            m_api.post(QStringLiteral("/api/agent/sessions/%1/typing").arg(m_customer.id), "{}")
                .status,
            401);
    }

    void seenIsStoredOnlyGrowingAndAnnounced()
    {
        EventStreamClient agents;
        agents.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_marie } });
        QVERIFY(agents.waitFor("hello", 1));
        QCOMPARE(sessionOf(m_marie).value(QStringLiteral("customerSeenSeq")).toInteger(), 0);

        // The welcome (1), then the customer's message and the assistant's answer (2, 3), then
        // the agent's reply (4).
        QCOMPARE(m_api.sendMessage(m_customer, QStringLiteral("hello")).status, 200);
        QCOMPARE(act(QStringLiteral("claim"), m_marie).status, 200);
        QCOMPARE(
            act(QStringLiteral("reply"), m_marie, "{\"message\":\"Hi, Marie here\"}").status, 200);
        const QJsonArray history = m_api.history(m_customer);
        const qint64 last = history.last().toObject().value(QStringLiteral("seq")).toInteger();
        QCOMPARE(history.last().toObject().value(QStringLiteral("role")).toString(),
            QStringLiteral("AGENT"));

        const HttpResult marked = seen(m_customer, last);
        QCOMPARE(marked.status, 204);
        QVERIFY(marked.body.isEmpty());
        QVERIFY(agents.waitFor("seen", 1));
        const QJsonObject event = eventData(agents.events("seen").constFirst());
        QCOMPARE(event.value(QStringLiteral("sessionId")).toString(), m_customer.id);
        QCOMPARE(event.value(QStringLiteral("seq")).toInteger(), last);
        QCOMPARE(sessionOf(m_marie).value(QStringLiteral("customerSeenSeq")).toInteger(), last);
        QCOMPARE(m_backend->store()->session(m_customer.id)->customerSeenSeq, last);

        // A lower or the same seq changes nothing and announces nothing.
        QCOMPARE(seen(m_customer, 1).status, 204);
        QCOMPARE(seen(m_customer, last).status, 204);
        QCOMPARE(m_backend->store()->session(m_customer.id)->customerSeenSeq, last);
        // Beyond the last message: 400 naming the field, nothing stored.
        const HttpResult beyond = seen(m_customer, last + 1);
        QCOMPARE(beyond.status, 400);
        QVERIFY2(beyond.body.contains("seq"), beyond.body.constData());
        const QByteArray sessionPart = "{\"sessionId\":\"" + m_customer.id.toUtf8() + "\",\"seq\":";
        for (const QByteArray &bad :
            { QByteArray("\"x\""), QByteArray("0"), QByteArray("-3"), QByteArray("1.5") }) {
            const HttpResult refused = m_api.post(
                QStringLiteral("/api/chat/seen"), sessionPart + bad + "}", m_customer.token);
            QCOMPARE(refused.status, 400);
            QVERIFY2(refused.body.contains("seq"), refused.body.constData());
        }
        QCOMPARE(m_backend->store()->session(m_customer.id)->customerSeenSeq, last);
        // Announced once: a session event in between makes sure the stream has caught up.
        QCOMPARE(act(QStringLiteral("release"), m_marie).status, 200);
        QVERIFY(agents.waitFor("session", 2));
        QCOMPARE(agents.events("seen").size(), 1);
        // None of it is a message.
        QCOMPARE(m_api.history(m_customer).size(), history.size());
    }

    void refusesWrongSessionsAndTokens()
    {
        const CustomerSession other = m_api.createSession();
        for (const QString &path :
            { QStringLiteral("/api/chat/typing"), QStringLiteral("/api/chat/seen") }) {
            const auto bodyFor = [&path](const QString &sessionId) {
                QJsonObject object { { QStringLiteral("sessionId"), sessionId } };
                if (path.endsWith(QLatin1String("seen")))
                    object.insert(QStringLiteral("seq"), 1);
                return body(object);
            };
            // No token, the token of another session, an unknown session: 401 alike.
            const HttpResult noToken = m_api.post(path, bodyFor(m_customer.id));
            QCOMPARE(noToken.status, 401);
            const HttpResult otherToken = m_api.post(path, bodyFor(m_customer.id), other.token);
            QCOMPARE(otherToken.status, 401);
            const HttpResult unknown
                = m_api.post(path, bodyFor(QStringLiteral("no-such-session")), m_customer.token);
            QCOMPARE(unknown.status, 401);
            // No session id: 400 naming it.
            const HttpResult missing = m_api.post(path, "{}", m_customer.token);
            QCOMPARE(missing.status, 400);
            QVERIFY2(missing.body.contains("sessionId"), missing.body.constData());
        }
        QCOMPARE(m_backend->store()->session(m_customer.id)->customerSeenSeq, 0);
    }

    void typingAndSeenOnOneNodeReachTheOther()
    {
        QFETCH_GLOBAL(QString, dialect);
        if (dialect != QLatin1String("postgresql"))
            QSKIP("Nodes share events through PostgreSQL only");
        QCOMPARE(act(QStringLiteral("claim"), m_marie).status, 200);
        QCOMPARE(act(QStringLiteral("reply"), m_marie, "{\"message\":\"Hello!\"}").status, 200);
        Backend otherNode(m_options); // the same database
        QVERIFY2(otherNode.start(), qPrintable(otherNode.errorString()));
        EventStreamClient agentsThere;
        agentsThere.open(QUrl(otherNode.url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_paul } });
        QVERIFY(agentsThere.waitFor("hello", 1));
        EventStreamClient customerThere;
        openCustomerStream(customerThere, otherNode.url(), m_customer);

        QCOMPARE(customerTyping(m_customer).status, 204);
        QVERIFY(agentsThere.waitFor("typing", 1, 10000));
        QCOMPARE(eventData(agentsThere.events("typing").constFirst())
                     .value(QStringLiteral("who"))
                     .toString(),
            QStringLiteral("customer"));
        QCOMPARE(agentTyping(m_marie).status, 204);
        QVERIFY(customerThere.waitFor("typing", 1, 10000));
        QCOMPARE(eventData(customerThere.events("typing").constFirst())
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("Marie"));
        const qint64 last
            = m_api.history(m_customer).last().toObject().value(QStringLiteral("seq")).toInteger();
        QCOMPARE(seen(m_customer, last).status, 204);
        QVERIFY(agentsThere.waitFor("seen", 1, 10000));
        QCOMPARE(eventData(agentsThere.events("seen").constFirst())
                     .value(QStringLiteral("seq"))
                     .toInteger(),
            last);
        // The other node's answer of the session knows it too, and judges a lower seq there.
        ApiClient there(otherNode.url());
        QCOMPARE(seen(m_customer, 1, there).status, 204);
        QCOMPARE(m_backend->store()->session(m_customer.id)->customerSeenSeq, last);
    }

private:
    static void openCustomerStream(
        EventStreamClient &stream, const QString &url, const CustomerSession &session)
    {
        stream.open(QUrl(url + QStringLiteral("/api/chat/events?sessionId=") + session.id),
            { { "Authorization", "Bearer " + session.token } });
        QVERIFY(stream.waitFor("status", 1));
    }
    HttpResult customerTyping(const CustomerSession &session)
    {
        return m_api.post(QStringLiteral("/api/chat/typing"),
            body({ { QStringLiteral("sessionId"), session.id } }), session.token);
    }
    HttpResult seen(const CustomerSession &session, qint64 seq)
    {
        return seen(session, seq, m_api);
    }
    HttpResult seen(const CustomerSession &session, qint64 seq, ApiClient &api)
    {
        return api.post(QStringLiteral("/api/chat/seen"),
            body({ { QStringLiteral("sessionId"), session.id }, { QStringLiteral("seq"), seq } }),
            session.token);
    }
    HttpResult agentTyping(const QByteArray &token) { return act(QStringLiteral("typing"), token); }
    HttpResult act(const QString &action, const QByteArray &token,
        const QByteArray &requestBody = QByteArrayLiteral("{}"))
    {
        return m_api.post(QStringLiteral("/api/agent/sessions/%1/%2").arg(m_customer.id, action),
            requestBody, token);
    }
    QJsonArray agentMessages(const QByteArray &token)
    {
        return m_api
            .get(QStringLiteral("/api/agent/sessions/%1/messages").arg(m_customer.id), token)
            .json()
            .value(QStringLiteral("messages"))
            .toArray();
    }
    QJsonObject sessionOf(const QByteArray &token)
    {
        for (const QJsonValue &s : m_api.get(QStringLiteral("/api/agent/sessions"), token)
                                       .json()
                                       .value(QStringLiteral("sessions"))
                                       .toArray()) {
            if (s.toObject().value(QStringLiteral("id")).toString() == m_customer.id)
                return s.toObject();
        }
        return {};
    }

    QByteArray m_marie;
    QByteArray m_paul;
    CustomerSession m_customer;
};

QTEST_GUILESS_MAIN(TestTyping)
#include "tst_typing.moc"
