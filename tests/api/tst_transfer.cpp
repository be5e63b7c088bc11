// SPDX-License-Identifier: GPL-3.0-or-later
// Handing a conversation over, over real HTTP on SQLite and PostgreSQL: the owner to another
// agent or back to the queue, an administrator any conversation; the new owner replies and the
// old one gets 409; audited, announced to the consoles, and the customer is told who joined;
// every bad input refused with nothing changed; on PostgreSQL a transfer on one node reaches
// the consoles and customers of another.

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

QString field(const HttpResult &result)
{
    return result.json()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("field"))
        .toString();
}

// Whether the customer's stream said the session is ASSIGNED to `agentName`.
bool toldJoined(const EventStreamClient &customer, const QString &agentName)
{
    for (const ServerSentEvent &event : customer.events("status")) {
        const QJsonObject data = eventData(event);
        if (data.value(QStringLiteral("status")).toString() == QLatin1String("ASSIGNED")
            && data.value(QStringLiteral("agentName")).toString() == agentName)
            return true;
    }
    return false;
}

} // namespace

class TestTransfer : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_options = optionsForThisRow();
        m_options.adminToken = QStringLiteral("transfer-admin-token");
        QVERIFY(startServer());
        m_marie = addAgent(*m_backend->store(), QStringLiteral("marie"), QStringLiteral("Marie"));
        m_paul = addAgent(*m_backend->store(), QStringLiteral("paul"), QStringLiteral("Paul"));
        m_lea = addAgent(
            *m_backend->store(), QStringLiteral("lea"), QStringLiteral("Léa"), AgentRole::Admin);
        m_customer = m_api.createSession();
        QCOMPARE(m_customer.created.status, 201);
        QCOMPARE(m_api.sendMessage(m_customer, QStringLiteral("hello")).status, 200);
    }

    void theOwnerHandsOverAndTheNewOwnerReplies()
    {
        EventStreamClient customer;
        customer.open(customerEventsUrl(), { { "Authorization", "Bearer " + m_customer.token } });
        QVERIFY(customer.waitFor("status", 1));
        EventStreamClient paulsConsole;
        paulsConsole.open(agentEventsUrl(), { { "Authorization", "Bearer " + m_paul } });
        QVERIFY(paulsConsole.waitFor("hello", 1));
        QCOMPARE(act(QStringLiteral("claim"), m_marie).status, 200);

        const HttpResult handed = transfer(m_marie, R"({"agent":"paul"})");
        QCOMPARE(handed.status, 200);
        const QJsonObject session = handed.json().value(QStringLiteral("session")).toObject();
        QCOMPARE(session.value(QStringLiteral("status")).toString(), QStringLiteral("ASSIGNED"));
        QCOMPARE(session.value(QStringLiteral("assignedAgent")).toString(), QStringLiteral("paul"));

        QCOMPARE(act(QStringLiteral("reply"), m_paul, R"({"message":"Paul here."})").status, 200);
        const HttpResult old = act(QStringLiteral("reply"), m_marie, R"({"message":"me?"})");
        QCOMPARE(old.status, 409);
        QCOMPARE(errorCode(old), QStringLiteral("not_owner"));

        // The customer is told who joined; Paul's console hears of the session's new owner.
        QTRY_VERIFY(toldJoined(customer, QStringLiteral("Paul")));
        QTRY_VERIFY([&] {
            for (const ServerSentEvent &event : paulsConsole.events("session")) {
                if (eventData(event).value(QStringLiteral("assignedAgent")).toString()
                    == QLatin1String("paul"))
                    return true;
            }
            return false;
        }());
        QCOMPARE(
            m_api.history(m_customer).last().toObject().value(QStringLiteral("content")).toString(),
            QStringLiteral("Paul here."));
        QCOMPARE(
            lastTransferAudit(), QStringLiteral("marie: {\"from\":\"marie\",\"to\":\"paul\"}"));
    }

    void theOwnerGivesItBackToTheQueue()
    {
        QCOMPARE(act(QStringLiteral("claim"), m_marie).status, 200);
        const HttpResult queued = transfer(m_marie, R"({"agent":null})");
        QCOMPARE(queued.status, 200);
        const QJsonObject session = queued.json().value(QStringLiteral("session")).toObject();
        QCOMPARE(session.value(QStringLiteral("status")).toString(), QStringLiteral("WAITING"));
        QVERIFY(session.value(QStringLiteral("assignedAgent")).isNull());
        QCOMPARE(session.value(QStringLiteral("waitingReason")).toString(),
            QStringLiteral("transferred"));
        QVERIFY(!session.value(QStringLiteral("waitingSince")).isNull());
        QCOMPARE(act(QStringLiteral("reply"), m_marie, R"({"message":"x"})").status, 409);
        // Anyone takes it from the queue.
        QCOMPARE(act(QStringLiteral("claim"), m_paul).status, 200);
        QCOMPARE(lastTransferAudit(), QStringLiteral("marie: {\"from\":\"marie\",\"to\":null}"));
    }

    void anAdministratorTakesOverOrReassignsAny()
    {
        QCOMPARE(act(QStringLiteral("claim"), m_marie).status, 200);
        // Léa, an administrator, gives Marie's conversation to Paul...
        QCOMPARE(transfer(m_lea, R"({"agent":"paul"})").status, 200);
        QCOMPARE(lastTransferAudit(), QStringLiteral("lea: {\"from\":\"marie\",\"to\":\"paul\"}"));
        // ...then takes it herself, and the built-in administrator takes it from her.
        QCOMPARE(transfer(m_lea, R"({"agent":"lea"})").status, 200);
        QCOMPARE(act(QStringLiteral("reply"), m_lea, R"({"message":"Léa here."})").status, 200);
        const QByteArray admin = m_options.adminToken.toUtf8();
        QCOMPARE(transfer(admin, R"({"agent":"admin"})").status, 200);
        QCOMPARE(act(QStringLiteral("reply"), admin, R"({"message":"Support."})").status, 200);
        QCOMPARE(act(QStringLiteral("reply"), m_lea, R"({"message":"x"})").status, 409);
        // An unassigned conversation too: the assistant's, straight to an agent.
        const CustomerSession other = m_api.createSession();
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/agent/sessions/%1/transfer").arg(other.id),
                         R"({"agent":"marie"})", m_lea)
                     .status,
            200);
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/agent/sessions/%1/reply").arg(other.id),
                         R"({"message":"Marie here."})", m_marie)
                     .status,
            200);
    }

    void refusesBadInputAndChangesNothing()
    {
        QCOMPARE(act(QStringLiteral("claim"), m_marie).status, 200);

        const HttpResult unknownSession
            = m_api.post(QStringLiteral("/api/agent/sessions/no-such-session/transfer"),
                R"({"agent":"paul"})", m_marie);
        QCOMPARE(unknownSession.status, 404);
        for (const QByteArray &body : { QByteArrayLiteral(R"({"agent":"ghost"})"),
                 QByteArrayLiteral(R"({"agent":""})"), QByteArrayLiteral(R"({"agent":3})"),
                 QByteArrayLiteral("{}"), QByteArrayLiteral(R"({"agent":"marie"})") }) {
            const HttpResult refused = transfer(m_marie, body);
            QCOMPARE(refused.status, 400);
            QCOMPARE(field(refused), QStringLiteral("agent"));
        }
        // A removed agent is no agent.
        QVERIFY(AgentAccounts(*m_backend->store()).remove(QStringLiteral("paul")));
        const HttpResult removed = transfer(m_marie, R"({"agent":"paul"})");
        QCOMPARE(removed.status, 400);
        QCOMPARE(field(removed), QStringLiteral("agent"));
        const QByteArray remi
            = addAgent(*m_backend->store(), QStringLiteral("remi"), QStringLiteral("Rémi"));
        // Someone else's conversation, by an agent who is no administrator: 403.
        const HttpResult notTheirs = transfer(remi, R"({"agent":"remi"})");
        QCOMPARE(notTheirs.status, 403);
        // Nobody's conversation, by an agent who does not own it: 409 not_owner.
        const CustomerSession unowned = m_api.createSession();
        const HttpResult notOwner
            = m_api.post(QStringLiteral("/api/agent/sessions/%1/transfer").arg(unowned.id),
                R"({"agent":"remi"})", remi);
        QCOMPARE(notOwner.status, 409);
        QCOMPARE(errorCode(notOwner), QStringLiteral("not_owner"));
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/agent/sessions/%1/transfer").arg(unowned.id),
                         R"({"agent":null})", remi)
                     .status,
            409);
        // Closed: no one transfers it, administrators neither.
        QCOMPARE(act(QStringLiteral("close"), m_marie).status, 200);
        const int closedAudits = int(m_backend->store()->auditEntries(100, 0).size());
        const HttpResult closedByOwner = transfer(m_marie, R"({"agent":"remi"})");
        QCOMPARE(closedByOwner.status, 409);
        QCOMPARE(errorCode(closedByOwner), QStringLiteral("session_closed"));
        QCOMPARE(transfer(m_lea, R"({"agent":"remi"})").status, 409);
        QCOMPARE(transfer(QByteArray(), R"({"agent":"remi"})").status, 401);

        // Nothing changed: still closed with Marie, no transfer audited.
        const auto session = m_backend->store()->session(m_customer.id);
        QVERIFY(session);
        QCOMPARE(session->status, SessionStatus::Closed);
        QCOMPARE(session->assignedAgent, QStringLiteral("marie"));
        QCOMPARE(int(m_backend->store()->auditEntries(100, 0).size()), closedAudits);
        QVERIFY(lastTransferAudit().isEmpty());
    }

    void aTransferOnOneNodeReachesAnother()
    {
        QFETCH_GLOBAL(QString, dialect);
        if (dialect != QLatin1String("postgresql"))
            QSKIP("Nodes share events through PostgreSQL only");
        Backend otherNode(m_options); // the same database
        QVERIFY2(otherNode.start(), qPrintable(otherNode.errorString()));
        EventStreamClient paulThere;
        paulThere.open(QUrl(otherNode.url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_paul } });
        QVERIFY(paulThere.waitFor("hello", 1));
        EventStreamClient customerThere;
        customerThere.open(
            QUrl(otherNode.url() + QStringLiteral("/api/chat/events?sessionId=") + m_customer.id),
            { { "Authorization", "Bearer " + m_customer.token } });
        QVERIFY(customerThere.waitFor("status", 1));

        QCOMPARE(act(QStringLiteral("claim"), m_marie).status, 200);
        QCOMPARE(transfer(m_marie, R"({"agent":"paul"})").status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(toldJoined(customerThere, QStringLiteral("Paul")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const ServerSentEvent &event : paulThere.events("session")) {
                    if (eventData(event).value(QStringLiteral("assignedAgent")).toString()
                        == QLatin1String("paul"))
                        return true;
                }
                return false;
            }(),
            10000);
        // Paul replies on the other node; Marie's reply there is refused.
        ApiClient there(otherNode.url());
        QCOMPARE(there
                     .post(QStringLiteral("/api/agent/sessions/%1/reply").arg(m_customer.id),
                         R"({"message":"Paul, node two."})", m_paul)
                     .status,
            200);
        QCOMPARE(there
                     .post(QStringLiteral("/api/agent/sessions/%1/reply").arg(m_customer.id),
                         R"({"message":"x"})", m_marie)
                     .status,
            409);
    }

private:
    QUrl agentEventsUrl() const
    {
        return QUrl(m_backend->url() + QStringLiteral("/api/agent/events"));
    }
    QUrl customerEventsUrl() const
    {
        return QUrl(
            m_backend->url() + QStringLiteral("/api/chat/events?sessionId=") + m_customer.id);
    }
    HttpResult act(const QString &action, const QByteArray &token,
        const QByteArray &body = QByteArrayLiteral("{}"))
    {
        return m_api.post(
            QStringLiteral("/api/agent/sessions/%1/%2").arg(m_customer.id, action), body, token);
    }
    HttpResult transfer(const QByteArray &token, const QByteArray &body)
    {
        return act(QStringLiteral("transfer"), token, body);
    }
    // "actor: detail" of the newest session.transfer of the customer's session; empty if none.
    QString lastTransferAudit()
    {
        for (const AuditEntry &entry : m_backend->store()->auditEntries(100, 0)) {
            if (entry.action == QLatin1String("session.transfer") && entry.target == m_customer.id)
                return entry.actor + QStringLiteral(": ") + entry.detail;
        }
        return {};
    }

    QByteArray m_marie;
    QByteArray m_paul;
    QByteArray m_lea;
    CustomerSession m_customer;
};

QTEST_GUILESS_MAIN(TestTransfer)
#include "tst_transfer.moc"
