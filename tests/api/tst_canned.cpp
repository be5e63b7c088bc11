// SPDX-License-Identifier: GPL-3.0-or-later
// The canned responses every console shares, over real HTTP on SQLite and PostgreSQL: every
// agent lists them, administrators add, change and remove them (audited, announced live as a
// `canned` event), a refused request changes nothing; on PostgreSQL a change on one node
// reaches the consoles of another.

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

QByteArray body(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString fieldOf(const HttpResult &result)
{
    return result.json()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("field"))
        .toString();
}

} // namespace

class TestCanned : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_options = optionsForThisRow();
        QVERIFY(startServer());
        m_alice = addAgent(*m_backend->store(), QStringLiteral("alice"), QStringLiteral("Alice"),
            AgentRole::Admin);
        m_paul = addAgent(*m_backend->store(), QStringLiteral("paul"), QStringLiteral("Paul"));
    }

    void administratorsCreateChangeAndRemoveAndEveryAgentLists()
    {
        QCOMPARE(list(m_paul).size(), 0);
        const HttpResult created = add(m_alice,
            { { QStringLiteral("shortcut"), QStringLiteral("  Refund ") },
                { QStringLiteral("title"), QStringLiteral("Refund policy") },
                { QStringLiteral("body"),
                    QStringLiteral("Hello {customer.name}, {unknown.thing} stays as typed.") } });
        QCOMPARE(created.status, 201);
        const QJsonObject response
            = created.json().value(QStringLiteral("cannedResponse")).toObject();
        const qint64 id = response.value(QStringLiteral("id")).toInteger();
        QVERIFY(id > 0);
        // Kept in lower case, trimmed; the body's variables are the console's to fill.
        QCOMPARE(response.value(QStringLiteral("shortcut")).toString(), QStringLiteral("refund"));
        QCOMPARE(
            response.value(QStringLiteral("title")).toString(), QStringLiteral("Refund policy"));
        QCOMPARE(response.value(QStringLiteral("body")).toString(),
            QStringLiteral("Hello {customer.name}, {unknown.thing} stays as typed."));
        QCOMPARE(response.value(QStringLiteral("updatedBy")).toString(), QStringLiteral("alice"));
        QVERIFY(!response.value(QStringLiteral("createdAt")).toString().isEmpty());

        // Every agent lists it, sorted by shortcut.
        QCOMPARE(add(m_alice,
                     { { QStringLiteral("shortcut"), QStringLiteral("hello") },
                         { QStringLiteral("body"), QStringLiteral("Hello!") } })
                     .status,
            201);
        const QJsonArray listed = list(m_paul);
        QCOMPARE(listed.size(), 2);
        QCOMPARE(listed.at(0).toObject().value(QStringLiteral("shortcut")).toString(),
            QStringLiteral("hello"));
        QCOMPARE(listed.at(0).toObject().value(QStringLiteral("title")).toString(), QString());
        QCOMPARE(listed.at(1).toObject(), response);

        // A change of some fields keeps the others.
        const HttpResult changed = change(m_alice, id,
            { { QStringLiteral("body"), QStringLiteral("We refund within 14 days.") } });
        QCOMPARE(changed.status, 200);
        const QJsonObject after = changed.json().value(QStringLiteral("cannedResponse")).toObject();
        QCOMPARE(after.value(QStringLiteral("shortcut")).toString(), QStringLiteral("refund"));
        QCOMPARE(after.value(QStringLiteral("title")).toString(), QStringLiteral("Refund policy"));
        QCOMPARE(after.value(QStringLiteral("body")).toString(),
            QStringLiteral("We refund within 14 days."));
        QCOMPARE(list(m_paul).at(1).toObject(), after);

        const HttpResult removed = m_api.send(
            "DELETE", QStringLiteral("/api/agent/canned-responses/%1").arg(id), {}, m_alice);
        QCOMPARE(removed.status, 204);
        QVERIFY(removed.body.isEmpty());
        QCOMPARE(list(m_paul).size(), 1);

        // Audited like other administrators' changes.
        QStringList actions;
        for (const AuditEntry &entry : m_backend->store()->auditEntries(50, 0)) {
            if (entry.action.startsWith(QLatin1String("canned."))) {
                QCOMPARE(entry.actor, QStringLiteral("alice"));
                if (entry.target == QString::number(id))
                    actions.prepend(entry.action + QLatin1Char(' ') + entry.detail);
            }
        }
        QCOMPARE(actions,
            QStringList({ QStringLiteral("canned.create refund"),
                QStringLiteral("canned.update refund"), QStringLiteral("canned.delete refund") }));
    }

    void refusesAgentsWhoAreNotAdministratorsAndChangesNothing()
    {
        const qint64 id = addOne(QStringLiteral("refund"), QStringLiteral("We refund."));
        const QList<HttpResult> refused {
            add(m_paul,
                { { QStringLiteral("shortcut"), QStringLiteral("mine") },
                    { QStringLiteral("body"), QStringLiteral("Mine") } }),
            // Refused before the body is read: a bad one says nothing more.
            m_api.post(QStringLiteral("/api/agent/canned-responses"), "not json", m_paul),
            change(m_paul, id, { { QStringLiteral("body"), QStringLiteral("Changed") } }),
            m_api.send(
                "DELETE", QStringLiteral("/api/agent/canned-responses/%1").arg(id), {}, m_paul),
        };
        for (const HttpResult &result : refused) {
            QCOMPARE(result.status, 403);
            QCOMPARE(errorCode(result), QStringLiteral("forbidden"));
        }
        const QJsonArray listed = list(m_paul);
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.at(0).toObject().value(QStringLiteral("body")).toString(),
            QStringLiteral("We refund."));
        // Without a token: 401.
        QCOMPARE(m_api.get(QStringLiteral("/api/agent/canned-responses")).status, 401);
        QCOMPARE(auditedChanges(), 1); // the one creation
    }

    void refusesBadInputNamingTheFieldAndChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("field");
        QTest::newRow("no shortcut") << QByteArray(R"({"body":"Hi"})") << 400 << "shortcut";
        QTest::newRow("empty shortcut")
            << QByteArray(R"({"shortcut":"","body":"Hi"})") << 400 << "shortcut";
        QTest::newRow("two words")
            << QByteArray(R"({"shortcut":"two words","body":"Hi"})") << 400 << "shortcut";
        QTest::newRow("a slash inside")
            << QByteArray(R"({"shortcut":"a/b","body":"Hi"})") << 400 << "shortcut";
        QTest::newRow("accented") << QByteArray(R"({"shortcut":"remboursé","body":"Hi"})") << 400
                                  << "shortcut";
        QTest::newRow("too long") << QByteArray(
            R"({"shortcut":")" + QByteArray(33, 'a') + R"(","body":"Hi"})")
                                  << 400 << "shortcut";
        QTest::newRow("not a string")
            << QByteArray(R"({"shortcut":7,"body":"Hi"})") << 400 << "shortcut";
        QTest::newRow("no body") << QByteArray(R"({"shortcut":"hi"})") << 400 << "body";
        QTest::newRow("blank body")
            << QByteArray(R"({"shortcut":"hi","body":"   "})") << 400 << "body";
        QTest::newRow("unknown field")
            << QByteArray(R"({"shortcut":"hi","body":"Hi","colour":"red"})") << 400 << "colour";
        QTest::newRow("taken, in other case")
            << QByteArray(R"({"shortcut":"/REFUND","body":"Again"})") << 409 << "shortcut";
    }
    void refusesBadInputNamingTheFieldAndChangesNothing()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(QString, field);
        addOne(QStringLiteral("refund"), QStringLiteral("We refund."));
        const HttpResult refused
            = m_api.post(QStringLiteral("/api/agent/canned-responses"), request, m_alice);
        QCOMPARE(refused.status, status);
        QCOMPARE(fieldOf(refused), field);
        if (status == 409)
            QCOMPARE(errorCode(refused), QStringLiteral("shortcut_taken"));
        QCOMPARE(list(m_paul).size(), 1);
        QCOMPARE(auditedChanges(), 1);
    }

    void refusesAChangeToATakenShortcutOrAnUnknownId()
    {
        const qint64 refund = addOne(QStringLiteral("refund"), QStringLiteral("We refund."));
        const qint64 hello = addOne(QStringLiteral("hello"), QStringLiteral("Hello!"));
        const HttpResult taken
            = change(m_alice, hello, { { QStringLiteral("shortcut"), QStringLiteral("refund") } });
        QCOMPARE(taken.status, 409);
        QCOMPARE(fieldOf(taken), QStringLiteral("shortcut"));
        const HttpResult bad
            = change(m_alice, hello, { { QStringLiteral("body"), QStringLiteral(" ") } });
        QCOMPARE(bad.status, 400);
        QCOMPARE(fieldOf(bad), QStringLiteral("body"));
        for (const QString &id :
            { QStringLiteral("999999"), QStringLiteral("0"), QStringLiteral("abc") }) {
            QCOMPARE(m_api
                         .send("PUT", QStringLiteral("/api/agent/canned-responses/") + id,
                             R"({"body":"x"})", m_alice)
                         .status,
                404);
            QCOMPARE(m_api
                         .send("DELETE", QStringLiteral("/api/agent/canned-responses/") + id, {},
                             m_alice)
                         .status,
                404);
        }
        const QJsonArray listed = list(m_paul);
        QCOMPARE(listed.size(), 2);
        QCOMPARE(listed.at(0).toObject().value(QStringLiteral("id")).toInteger(), hello);
        QCOMPARE(listed.at(0).toObject().value(QStringLiteral("body")).toString(),
            QStringLiteral("Hello!"));
        QCOMPARE(listed.at(1).toObject().value(QStringLiteral("id")).toInteger(), refund);
        QCOMPARE(auditedChanges(), 2);
        // A shortcut given back is free again.
        QCOMPARE(m_api
                     .send("DELETE", QStringLiteral("/api/agent/canned-responses/%1").arg(refund),
                         {}, m_alice)
                     .status,
            204);
        QCOMPARE(
            change(m_alice, hello, { { QStringLiteral("shortcut"), QStringLiteral("refund") } })
                .status,
            200);
    }

    void announcesEachChangeToEveryConsole()
    {
        EventStreamClient paulEvents;
        paulEvents.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_paul } });
        QVERIFY(paulEvents.waitFor("hello", 1));
        const qint64 id = addOne(QStringLiteral("refund"), QStringLiteral("We refund."));
        QVERIFY(paulEvents.waitFor("canned", 1));
        QCOMPARE(
            change(m_alice, id, { { QStringLiteral("title"), QStringLiteral("Refunds") } }).status,
            200);
        QVERIFY(paulEvents.waitFor("canned", 2));
        QCOMPARE(m_api
                     .send("DELETE", QStringLiteral("/api/agent/canned-responses/%1").arg(id), {},
                         m_alice)
                     .status,
            204);
        QVERIFY(paulEvents.waitFor("canned", 3));
        // A refused change announces nothing.
        QCOMPARE(add(m_paul,
                     { { QStringLiteral("shortcut"), QStringLiteral("x") },
                         { QStringLiteral("body"), QStringLiteral("x") } })
                     .status,
            403);
        QVERIFY(addOne(QStringLiteral("last"), QStringLiteral("Last")) > 0);
        QVERIFY(paulEvents.waitFor("canned", 4));

        const QList<ServerSentEvent> events = paulEvents.events("canned");
        QCOMPARE(events.size(), 4);
        const QJsonObject created = eventData(events.at(0));
        QCOMPARE(created.value(QStringLiteral("id")).toInteger(), id);
        QCOMPARE(created.value(QStringLiteral("deleted")).toBool(), false);
        QCOMPARE(created.value(QStringLiteral("cannedResponse"))
                     .toObject()
                     .value(QStringLiteral("shortcut"))
                     .toString(),
            QStringLiteral("refund"));
        QCOMPARE(eventData(events.at(1))
                     .value(QStringLiteral("cannedResponse"))
                     .toObject()
                     .value(QStringLiteral("title"))
                     .toString(),
            QStringLiteral("Refunds"));
        const QJsonObject removed = eventData(events.at(2));
        QCOMPARE(removed.value(QStringLiteral("id")).toInteger(), id);
        QCOMPARE(removed.value(QStringLiteral("deleted")).toBool(), true);
        QVERIFY(!removed.contains(QStringLiteral("cannedResponse")));
        QCOMPARE(eventData(events.at(3))
                     .value(QStringLiteral("cannedResponse"))
                     .toObject()
                     .value(QStringLiteral("shortcut"))
                     .toString(),
            QStringLiteral("last"));
    }

    void aChangeOnOneNodeReachesTheConsolesOfAnother()
    {
        QFETCH_GLOBAL(QString, dialect);
        if (dialect != QLatin1String("postgresql"))
            QSKIP("Nodes share events through PostgreSQL only");
        Backend otherNode(m_options); // the same database
        QVERIFY2(otherNode.start(), qPrintable(otherNode.errorString()));
        EventStreamClient there;
        there.open(QUrl(otherNode.url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_paul } });
        QVERIFY(there.waitFor("hello", 1));
        const qint64 id = addOne(QStringLiteral("refund"), QStringLiteral("We refund."));
        QVERIFY(there.waitFor("canned", 1, 10000));
        QCOMPARE(eventData(there.events("canned").constFirst())
                     .value(QStringLiteral("cannedResponse"))
                     .toObject()
                     .value(QStringLiteral("body"))
                     .toString(),
            QStringLiteral("We refund."));
        QCOMPARE(m_api
                     .send("DELETE", QStringLiteral("/api/agent/canned-responses/%1").arg(id), {},
                         m_alice)
                     .status,
            204);
        QVERIFY(there.waitFor("canned", 2, 10000));
        QCOMPARE(eventData(there.events("canned").at(1)).value(QStringLiteral("deleted")).toBool(),
            true);
    }

private:
    HttpResult add(const QByteArray &token, const QJsonObject &fields)
    {
        return m_api.post(QStringLiteral("/api/agent/canned-responses"), body(fields), token);
    }
    HttpResult change(const QByteArray &token, qint64 id, const QJsonObject &fields)
    {
        return m_api.send(
            "PUT", QStringLiteral("/api/agent/canned-responses/%1").arg(id), body(fields), token);
    }
    qint64 addOne(const QString &shortcut, const QString &text)
    {
        const HttpResult created = add(m_alice,
            { { QStringLiteral("shortcut"), shortcut }, { QStringLiteral("body"), text } });
        if (created.status != 201)
            return 0;
        return created.json()
            .value(QStringLiteral("cannedResponse"))
            .toObject()
            .value(QStringLiteral("id"))
            .toInteger();
    }
    QJsonArray list(const QByteArray &token)
    {
        return m_api.get(QStringLiteral("/api/agent/canned-responses"), token)
            .json()
            .value(QStringLiteral("cannedResponses"))
            .toArray();
    }
    int auditedChanges()
    {
        int changes = 0;
        for (const AuditEntry &entry : m_backend->store()->auditEntries(100, 0))
            changes += entry.action.startsWith(QLatin1String("canned.")) ? 1 : 0;
        return changes;
    }

    QByteArray m_alice;
    QByteArray m_paul;
};

QTEST_GUILESS_MAIN(TestCanned)
#include "tst_canned.moc"
