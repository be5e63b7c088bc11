// SPDX-License-Identifier: GPL-3.0-or-later
// Labels on conversations and a customer's earlier conversations over real HTTP, on SQLite and
// PostgreSQL: administrators keep the labels, any agent puts them on a session, the session
// list filters by them, every change is audited and announced (on PostgreSQL to the consoles
// of another node too); refused input stores nothing. The earlier conversations of a verified
// user, or else of the same e-mail address, newest first, 20 at most.

#include "apiclient.h"
#include "apitestcase.h"
#include "eventstreamclient.h"
#include "manualclock.h"
#include "security/tokens.h"
#include "server/backend.h"
#include "store/store.h"
#include "testbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

const QByteArray IdentitySecret = QByteArrayLiteral("labels-host-secret");

QStringList names(const QJsonArray &array)
{
    QStringList list;
    for (const QJsonValue &value : array)
        list.append(value.isObject() ? value.toObject().value(QStringLiteral("name")).toString()
                                     : value.toString());
    return list;
}

} // namespace

class TestLabels : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_options = optionsForThisRow();
        m_options.identitySecret = IdentitySecret;
        m_clock = std::make_shared<ManualClock>();
        QVERIFY(startServer(m_clock));
        m_ada = addAgent(
            *m_backend->store(), QStringLiteral("ada"), QStringLiteral("Ada"), AgentRole::Admin);
        m_paul = addAgent(*m_backend->store(), QStringLiteral("paul"), QStringLiteral("Paul"));
        m_customer = m_api.createSession();
        QCOMPARE(m_customer.created.status, 201);
    }

    void administratorsKeepTheLabels()
    {
        const HttpResult billing
            = addLabel(m_ada, "{\"name\":\" billing \",\"colour\":\"#2E7D32\"}");
        QCOMPARE(billing.status, 201);
        const QJsonObject label = billing.json().value(QStringLiteral("label")).toObject();
        QCOMPARE(label.value(QStringLiteral("name")).toString(), QStringLiteral("billing"));
        QCOMPARE(label.value(QStringLiteral("colour")).toString(), QStringLiteral("#2e7d32"));
        const qint64 id = label.value(QStringLiteral("id")).toInteger();
        QVERIFY(id > 0);
        // Without a colour: the default one.
        const HttpResult bug = addLabel(m_ada, R"({"name":"Bug report"})");
        QCOMPARE(bug.status, 201);
        QVERIFY(isColour(bug.json()
                             .value(QStringLiteral("label"))
                             .toObject()
                             .value(QStringLiteral("colour"))
                             .toString()));
        // Listed by name to every agent.
        const HttpResult listed = m_api.get(QStringLiteral("/api/agent/labels"), m_paul);
        QCOMPARE(listed.status, 200);
        QCOMPARE(names(listed.json().value(QStringLiteral("labels")).toArray()),
            QStringList({ QStringLiteral("billing"), QStringLiteral("Bug report") }));

        // Renamed, recoloured, each alone or both.
        HttpResult changed = changeLabel(m_ada, id, R"({"name":"Billing"})");
        QCOMPARE(changed.status, 200);
        QCOMPARE(changed.json().value(QStringLiteral("label")).toObject(),
            QJsonObject({ { QStringLiteral("id"), id },
                { QStringLiteral("name"), QStringLiteral("Billing") },
                { QStringLiteral("colour"), QStringLiteral("#2e7d32") },
                { QStringLiteral("createdAt"), label.value(QStringLiteral("createdAt")) } }));
        changed = changeLabel(m_ada, id, "{\"colour\":\"#ff0000\"}");
        QCOMPARE(changed.status, 200);
        QCOMPARE(changed.json()
                     .value(QStringLiteral("label"))
                     .toObject()
                     .value(QStringLiteral("colour"))
                     .toString(),
            QStringLiteral("#ff0000"));

        // Audited.
        QStringList actions;
        for (const AuditEntry &entry : m_backend->store()->auditEntries(20, 0)) {
            if (entry.action.startsWith(QLatin1String("label.")))
                actions.append(entry.action + QLatin1Char(' ') + entry.actor);
        }
        QCOMPARE(actions,
            QStringList({ QStringLiteral("label.change ada"), QStringLiteral("label.change ada"),
                QStringLiteral("label.add ada"), QStringLiteral("label.add ada") }));

        // Deleted: 204 with no body, and off every conversation.
        QCOMPARE(
            putLabels(m_paul, m_customer.id, R"({"labels":["billing","bug report"]})").status, 200);
        const HttpResult removed = m_api.send("DELETE", labelPath(id), {}, m_ada);
        QCOMPARE(removed.status, 204);
        QVERIFY(removed.body.isEmpty());
        QCOMPARE(sessionLabels(m_paul), QStringList({ QStringLiteral("Bug report") }));
        QCOMPARE(m_api.send("DELETE", labelPath(id), {}, m_ada).status, 404);
        QCOMPARE(m_backend->store()->labels().size(), 1);
    }

    void refusesWhatOnlyAdministratorsDoAndBadLabels()
    {
        const qint64 id = addLabel(m_ada, R"({"name":"vip"})")
                              .json()
                              .value(QStringLiteral("label"))
                              .toObject()
                              .value(QStringLiteral("id"))
                              .toInteger();
        const QList<Label> before = m_backend->store()->labels();
        const qsizetype audited = m_backend->store()->auditEntries(100, 0).size();

        QCOMPARE(addLabel(m_paul, R"({"name":"mine"})").status, 403);
        QCOMPARE(changeLabel(m_paul, id, R"({"name":"mine"})").status, 403);
        QCOMPARE(m_api.send("DELETE", labelPath(id), {}, m_paul).status, 403);
        QCOMPARE(m_api.get(QStringLiteral("/api/agent/labels")).status, 401);

        const auto refused = [](const HttpResult &result, const char *field) {
            return result.status == 400 && errorMessage(result).contains(QLatin1String(field));
        };
        QVERIFY(refused(addLabel(m_ada, R"({"name":""})"), "name"));
        QVERIFY(refused(addLabel(m_ada, "{\"colour\":\"#123456\"}"), "name"));
        QVERIFY(refused(addLabel(m_ada, R"({"name":"a/b"})"), "name"));
        QVERIFY(refused(addLabel(m_ada, R"({"name":"<b>x</b>"})"), "name"));
        QVERIFY(refused(
            addLabel(m_ada, toJson(QJsonObject { { QStringLiteral("name"), QString(41, u'a') } })),
            "name"));
        QVERIFY(refused(addLabel(m_ada, R"({"name":42})"), "name"));
        QVERIFY(refused(addLabel(m_ada, R"({"name":"ok","colour":"red"})"), "colour"));
        QVERIFY(refused(addLabel(m_ada, "{\"name\":\"ok\",\"colour\":\"#12345g\"}"), "colour"));
        QVERIFY(refused(addLabel(m_ada, "{\"name\":\"ok\",\"color\":\"#123456\"}"), "color"));
        QVERIFY(refused(changeLabel(m_ada, id, R"({"name":"  "})"), "name"));
        QVERIFY(refused(changeLabel(m_ada, id, "{\"colour\":\"#1234567\"}"), "colour"));
        // A name taken, whatever its case.
        const HttpResult taken = addLabel(m_ada, R"({"name":"VIP"})");
        QCOMPARE(taken.status, 409);
        QCOMPARE(errorCode(taken), QStringLiteral("label_exists"));
        QCOMPARE(addLabel(m_ada, R"({"name":"other"})").status, 201);
        QCOMPARE(changeLabel(m_ada, id, R"({"name":"OTHER"})").status, 409);
        // No such label.
        QCOMPARE(changeLabel(m_ada, id + 100, R"({"name":"x"})").status, 404);
        QCOMPARE(
            m_api.send("PUT", QStringLiteral("/api/agent/labels/abc"), "{}", m_ada).status, 404);

        // Nothing changed but the one label added.
        QList<Label> after = m_backend->store()->labels();
        QCOMPARE(after.size(), before.size() + 1);
        QVERIFY(after.contains(before.constFirst()));
        QCOMPARE(m_backend->store()->auditEntries(100, 0).size(), audited + 1);
    }

    void anyAgentPutsLabelsOnAConversationAndTheListFiltersByThem()
    {
        QCOMPARE(addLabel(m_ada, "{\"name\":\"billing\",\"colour\":\"#2e7d32\"}").status, 201);
        QCOMPARE(addLabel(m_ada, R"({"name":"urgent"})").status, 201);
        const CustomerSession other = m_api.createSession();
        QCOMPARE(other.created.status, 201);

        const HttpResult put
            = putLabels(m_paul, m_customer.id, R"({"labels":["Urgent","billing"]})");
        QCOMPARE(put.status, 200);
        QCOMPARE(put.json().value(QStringLiteral("sessionId")).toString(), m_customer.id);
        QCOMPARE(names(put.json().value(QStringLiteral("labels")).toArray()),
            QStringList({ QStringLiteral("billing"), QStringLiteral("urgent") }));
        QCOMPARE(sessionLabels(m_paul),
            QStringList({ QStringLiteral("billing"), QStringLiteral("urgent") }));
        // Every session of the agent API carries its labels, [] for none.
        for (const QJsonValue &s : sessionList(QString()))
            QVERIFY(s.toObject().value(QStringLiteral("labels")).isArray());

        // The list by label, whatever its case.
        QCOMPARE(ids(sessionList(QStringLiteral("label=billing"))), QStringList({ m_customer.id }));
        QCOMPARE(ids(sessionList(QStringLiteral("label=BILLING"))), QStringList({ m_customer.id }));
        QCOMPARE(ids(sessionList(QStringLiteral("label=urgent&q=zzz-nothing"))), QStringList());
        QCOMPARE(sessionList(QString()).size(), 2);
        QCOMPARE(m_api.get(QStringLiteral("/api/agent/sessions?label=a%2Fb"), m_paul).status, 400);
        // A label no session carries: an empty list, not an error.
        QCOMPARE(addLabel(m_ada, R"({"name":"spare"})").status, 201);
        QCOMPARE(ids(sessionList(QStringLiteral("label=spare"))), QStringList());

        // Replaced as a whole; [] takes them all off.
        QCOMPARE(putLabels(m_paul, other.id, R"({"labels":["urgent","urgent"]})").status, 200);
        QCOMPARE(ids(sessionList(QStringLiteral("label=urgent"))).size(), 2);
        QCOMPARE(putLabels(m_paul, other.id, R"({"labels":[]})").status, 200);
        QCOMPARE(ids(sessionList(QStringLiteral("label=urgent"))), QStringList({ m_customer.id }));

        // Audited.
        bool audited = false;
        for (const AuditEntry &entry : m_backend->store()->auditEntries(20, 0))
            audited = audited
                || (entry.actor == QLatin1String("paul")
                    && entry.action == QLatin1String("session.labels")
                    && entry.target == m_customer.id
                    && entry.detail == QLatin1String("billing,urgent"));
        QVERIFY(audited);
    }

    void refusesBadSessionLabelsAndStoresNothing()
    {
        QCOMPARE(addLabel(m_ada, R"({"name":"billing"})").status, 201);
        QCOMPARE(putLabels(m_paul, m_customer.id, R"({"labels":["billing"]})").status, 200);
        const qsizetype audited = m_backend->store()->auditEntries(100, 0).size();

        QCOMPARE(putLabels(m_paul, QStringLiteral("no-such-session"), R"({"labels":["billing"]})")
                     .status,
            404);
        const auto refused = [this](const QByteArray &body) {
            const HttpResult result = putLabels(m_paul, m_customer.id, body);
            return result.status == 400 && errorMessage(result).contains(QLatin1String("labels"));
        };
        QVERIFY(refused(R"({"labels":["billing","ghost"]})")); // unknown
        QVERIFY(refused(R"({"labels":["bad/name"]})"));
        QVERIFY(refused(R"({"labels":"billing"})"));
        QVERIFY(refused(R"({"labels":[1]})"));
        QVERIFY(refused(R"({})"));
        QCOMPARE(
            m_api
                .send("PUT", QStringLiteral("/api/agent/sessions/%1/labels").arg(m_customer.id),
                    R"({"labels":["billing"]})")
                .status,
            401);

        QCOMPARE(sessionLabels(m_paul), QStringList({ QStringLiteral("billing") }));
        QCOMPARE(m_backend->store()->auditEntries(100, 0).size(), audited);
    }

    void announcesLabelChangesToConsoles()
    {
        EventStreamClient events;
        events.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_paul } });
        QVERIFY(events.waitFor("hello", 1));
        const qint64 id = addLabel(m_ada, R"({"name":"billing"})")
                              .json()
                              .value(QStringLiteral("label"))
                              .toObject()
                              .value(QStringLiteral("id"))
                              .toInteger();
        QVERIFY(events.waitFor("labels", 1));
        QCOMPARE(eventData(events.events("labels").constFirst())
                     .value(QStringLiteral("label"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("billing"));

        QCOMPARE(putLabels(m_paul, m_customer.id, R"({"labels":["billing"]})").status, 200);
        QVERIFY(events.waitFor("session", 1));
        QCOMPARE(names(eventData(events.events("session").constLast())
                           .value(QStringLiteral("labels"))
                           .toArray()),
            QStringList({ QStringLiteral("billing") }));

        // A rename announces the label and the session that shows its new name.
        QCOMPARE(changeLabel(m_ada, id, R"({"name":"Money"})").status, 200);
        QVERIFY(events.waitFor("labels", 2));
        QVERIFY(events.waitFor("session", 2));
        QCOMPARE(names(eventData(events.events("session").constLast())
                           .value(QStringLiteral("labels"))
                           .toArray()),
            QStringList({ QStringLiteral("Money") }));

        QCOMPARE(m_api.send("DELETE", labelPath(id), {}, m_ada).status, 204);
        QVERIFY(events.waitFor("labels", 3));
        QVERIFY(eventData(events.events("labels").constLast())
                    .value(QStringLiteral("removed"))
                    .toBool());
        QVERIFY(events.waitFor("session", 3));
        QCOMPARE(eventData(events.events("session").constLast()).value(QStringLiteral("labels")),
            QJsonValue(QJsonArray()));
    }

    void aLabelOnOneNodeReachesTheConsolesOfAnother()
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

        QCOMPARE(addLabel(m_ada, R"({"name":"billing"})").status, 201);
        QVERIFY(there.waitFor("labels", 1, 10000));
        QCOMPARE(putLabels(m_paul, m_customer.id, R"({"labels":["billing"]})").status, 200);
        QVERIFY(there.waitFor("session", 1, 10000));
        QCOMPARE(names(eventData(there.events("session").constLast())
                           .value(QStringLiteral("labels"))
                           .toArray()),
            QStringList({ QStringLiteral("billing") }));
        // And the other node lists and filters by it.
        ApiClient otherApi(otherNode.url());
        QCOMPARE(ids(otherApi.get(QStringLiteral("/api/agent/sessions?label=billing"), m_paul)
                         .json()
                         .value(QStringLiteral("sessions"))
                         .toArray()),
            QStringList({ m_customer.id }));
    }

    void listsTheEarlierConversationsOfAVerifiedUser()
    {
        const CustomerSession first = verified(QStringLiteral("user-7"), "first question\nmore");
        const CustomerSession second = verified(QStringLiteral("user-7"), "second question");
        verified(QStringLiteral("user-8"), "someone else");
        const CustomerSession now = verified(QStringLiteral("user-7"), "third question");
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/agent/sessions/%1/notes").arg(first.id),
                         R"({"text":"a note"})", m_paul)
                     .status,
            201);

        const HttpResult past = pastOf(now.id);
        QCOMPARE(past.status, 200);
        const QJsonObject answer = past.json();
        QCOMPARE(answer.value(QStringLiteral("matchedBy")).toString(), QStringLiteral("user"));
        QCOMPARE(answer.value(QStringLiteral("count")).toInteger(), 2);
        const QJsonArray conversations = answer.value(QStringLiteral("conversations")).toArray();
        QCOMPARE(ids(conversations), QStringList({ second.id, first.id })); // newest first
        const QJsonObject oldest = conversations.at(1).toObject();
        QCOMPARE(
            oldest.value(QStringLiteral("preview")).toString(), QStringLiteral("first question"));
        QCOMPARE(oldest.value(QStringLiteral("status")).toString(), QStringLiteral("ACTIVE"));
        QVERIFY(oldest.value(QStringLiteral("startedAt")).isString());
        QVERIFY(oldest.value(QStringLiteral("lastMessageAt")).isString());
        // Read with the agents' messages route: the note included.
        const QJsonArray messages
            = m_api.get(QStringLiteral("/api/agent/sessions/%1/messages").arg(first.id), m_paul)
                  .json()
                  .value(QStringLiteral("messages"))
                  .toArray();
        QCOMPARE(messages.last().toObject().value(QStringLiteral("role")).toString(),
            QStringLiteral("NOTE"));
        // Its count is of every message, the note included.
        QCOMPARE(oldest.value(QStringLiteral("messages")).toInteger(), messages.size());
        QVERIFY(messages.size() >= 3);

        // The earliest has none before it; the second has the first.
        QCOMPARE(
            pastOf(first.id).json().value(QStringLiteral("conversations")).toArray().size(), 0);
        QCOMPARE(ids(pastOf(second.id).json().value(QStringLiteral("conversations")).toArray()),
            QStringList({ first.id }));
    }

    void listsTheEarlierConversationsOfTheSameEmailAtMostTwenty()
    {
        ChatSession draft;
        draft.customerEmail = QStringLiteral("Camille@Example.org");
        draft.locale = QStringLiteral("en");
        QStringList made;
        for (int i = 0; i < 22; ++i) {
            draft.id = QStringLiteral("past-%1").arg(i, 2, 10, QLatin1Char('0'));
            draft.tokenHash = tokens::hashToken(draft.id);
            m_backend->store()->createSession(draft);
            made.prepend(draft.id);
            m_clock->advance(1000);
        }
        draft.id = QStringLiteral("past-now");
        draft.customerEmail = QStringLiteral("camille@example.ORG");
        draft.tokenHash = tokens::hashToken(draft.id);
        m_backend->store()->createSession(draft);

        const QJsonObject answer = pastOf(draft.id).json();
        QCOMPARE(answer.value(QStringLiteral("matchedBy")).toString(), QStringLiteral("email"));
        QCOMPARE(answer.value(QStringLiteral("count")).toInteger(), 22);
        QCOMPARE(ids(answer.value(QStringLiteral("conversations")).toArray()), made.mid(0, 20));
        QCOMPARE(answer.value(QStringLiteral("conversations"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("preview"))
                     .toString(),
            QString());
    }

    void saysWhyAnAnonymousCustomerHasNone()
    {
        const HttpResult past = pastOf(m_customer.id);
        QCOMPARE(past.status, 200);
        QCOMPARE(past.json().value(QStringLiteral("conversations")).toArray().size(), 0);
        QVERIFY(past.json().value(QStringLiteral("matchedBy")).isNull());
        QVERIFY(!past.json().value(QStringLiteral("reason")).toString().isEmpty());
        QCOMPARE(pastOf(QStringLiteral("no-such-session")).status, 404);
        QCOMPARE(m_api.get(QStringLiteral("/api/agent/sessions/%1/past").arg(m_customer.id)).status,
            401);
    }

private:
    static bool isColour(const QString &colour)
    {
        return colour.size() == 7 && colour.startsWith(QLatin1Char('#'));
    }
    static QStringList ids(const QJsonArray &array)
    {
        QStringList list;
        for (const QJsonValue &value : array)
            list.append(value.toObject().value(QStringLiteral("id")).toString());
        return list;
    }
    static QString labelPath(qint64 id) { return QStringLiteral("/api/agent/labels/%1").arg(id); }
    HttpResult addLabel(const QByteArray &token, const QByteArray &body)
    {
        return m_api.post(QStringLiteral("/api/agent/labels"), body, token);
    }
    HttpResult changeLabel(const QByteArray &token, qint64 id, const QByteArray &body)
    {
        return m_api.send("PUT", labelPath(id), body, token);
    }
    HttpResult putLabels(const QByteArray &token, const QString &session, const QByteArray &body)
    {
        return m_api.send(
            "PUT", QStringLiteral("/api/agent/sessions/%1/labels").arg(session), body, token);
    }
    HttpResult pastOf(const QString &session)
    {
        return m_api.get(QStringLiteral("/api/agent/sessions/%1/past").arg(session), m_paul);
    }
    QJsonArray sessionList(const QString &query)
    {
        return m_api.get(QStringLiteral("/api/agent/sessions?") + query, m_paul)
            .json()
            .value(QStringLiteral("sessions"))
            .toArray();
    }
    QStringList sessionLabels(const QByteArray &token)
    {
        for (const QJsonValue &s : m_api.get(QStringLiteral("/api/agent/sessions"), token)
                                       .json()
                                       .value(QStringLiteral("sessions"))
                                       .toArray()) {
            if (s.toObject().value(QStringLiteral("id")).toString() == m_customer.id)
                return names(s.toObject().value(QStringLiteral("labels")).toArray());
        }
        return { QStringLiteral("(session not listed)") };
    }
    // A session of the verified user `userId` with one message, a second after the last.
    CustomerSession verified(const QString &userId, const char *text)
    {
        m_clock->advance(1000);
        const CustomerSession session = m_api.createSession({ { QStringLiteral("userId"), userId },
            { QStringLiteral("userHash"), tokens::identityHash(IdentitySecret, userId) } });
        if (session.created.status == 201)
            m_api.sendMessage(session, QString::fromUtf8(text));
        return session;
    }

    std::shared_ptr<ManualClock> m_clock;
    QByteArray m_ada;
    QByteArray m_paul;
    CustomerSession m_customer;
};

QTEST_MAIN(TestLabels)
#include "tst_labels.moc"
