// SPDX-License-Identifier: GPL-3.0-or-later
// When nobody is there (issue 20, point 2), over real HTTP on SQLite and PostgreSQL, by the
// test's clock: outside the business hours, or with no agent online, a customer who asks for a
// human is told so, the agents see the conversation marked, and the assistant goes on helping
// until an agent claims it; with an agent there it stays silent. The customer may leave an
// e-mail address (POST /api/chat/contact); a bad one changes nothing. The pre-chat form is a
// setting create-session enforces, and GET /api/chat/availability tells the page all of it.

#include "apitestcase.h"
#include "eventstreamclient.h"
#include "manualclock.h"
#include "server/backend.h"
#include "testbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

const QByteArray AdminToken = "honest-admin-token";

// Saturday 5 December 2026, noon UTC: outside the default hours (Monday to Friday, 9 to 18).
const QDateTime Saturday = QDateTime(QDate(2026, 12, 5), QTime(12, 0), Qt::UTC);

QString errorField(const HttpResult &result)
{
    return result.json()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("field"))
        .toString();
}

} // namespace

class TestHonest : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_options = optionsForThisRow();
        m_options.adminToken = QString::fromLatin1(AdminToken);
        m_clock = std::make_shared<ManualClock>();
        m_clock->set(Saturday);
        QVERIFY(startServer(m_clock));
        m_marie = addAgent(*m_backend->store(), QStringLiteral("marie"), QStringLiteral("Marie"));
    }

    void outsideHoursTheAssistantHelpsUntilAnAgentClaims()
    {
        QCOMPARE(putSettings({ { QStringLiteral("businessHours"),
                                 QJsonObject { { QStringLiteral("enabled"), true } } } })
                     .status,
            200);
        const CustomerSession customer = m_api.createSession();
        const HttpResult handoff = askForHuman(customer);
        QCOMPARE(handoff.status, 200);
        const QJsonObject availability
            = handoff.json().value(QStringLiteral("availability")).toObject();
        QCOMPARE(availability.value(QStringLiteral("humanNow")).toBool(true), false);
        QCOMPARE(availability.value(QStringLiteral("withinHours")).toBool(true), false);
        QCOMPARE(availability.value(QStringLiteral("nextOpening")).toString(),
            QStringLiteral("2026-12-07T09:00:00Z"));
        QCOMPARE(availability.value(QStringLiteral("timeZone")).toString(), QStringLiteral("UTC"));
        QCOMPARE(agentView(customer.id).value(QStringLiteral("unattended")).toString(),
            QStringLiteral("outside_hours"));

        // Nobody can answer: the assistant does, as when the session was its own.
        const HttpResult helped = m_api.sendMessage(customer, QStringLiteral("Hello?"));
        QCOMPARE(helped.status, 200);
        QCOMPARE(replyRole(helped), QStringLiteral("ASSISTANT"));
        QCOMPARE(agentView(customer.id).value(QStringLiteral("status")).toString(),
            QStringLiteral("WAITING"));

        // An agent takes it: the mark goes, and the assistant is silent from then on.
        QCOMPARE(
            m_api.post(QStringLiteral("/api/agent/sessions/%1/claim").arg(customer.id), {}, m_marie)
                .status,
            200);
        QVERIFY(agentView(customer.id).value(QStringLiteral("unattended")).isNull());
        const HttpResult silent = m_api.sendMessage(customer, QStringLiteral("Are you there?"));
        QCOMPARE(silent.status, 200);
        QVERIFY(silent.json().value(QStringLiteral("reply")).isNull());
    }

    void nobodyOnlineTheAssistantHelps()
    {
        const CustomerSession customer = m_api.createSession();
        const HttpResult handoff = askForHuman(customer);
        QCOMPARE(handoff.status, 200);
        const QJsonObject availability
            = handoff.json().value(QStringLiteral("availability")).toObject();
        QCOMPARE(availability.value(QStringLiteral("withinHours")).toBool(false), true);
        QCOMPARE(availability.value(QStringLiteral("agentsOnline")).toBool(true), false);
        QVERIFY(availability.value(QStringLiteral("nextOpening")).isNull());
        QVERIFY(availability.value(QStringLiteral("timeZone")).isNull());
        QCOMPARE(agentView(customer.id).value(QStringLiteral("unattended")).toString(),
            QStringLiteral("nobody_online"));
        QCOMPARE(replyRole(m_api.sendMessage(customer, QStringLiteral("Hello?"))),
            QStringLiteral("ASSISTANT"));
    }

    void withAnAgentThereTheAssistantIsSilent()
    {
        EventStreamClient console; // Marie's console is connected: she is online
        console.open(m_api.url(QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_marie } });
        QVERIFY(console.waitFor("hello", 1));
        const CustomerSession customer = m_api.createSession();
        QTRY_VERIFY(askForHuman(customer)
                        .json()
                        .value(QStringLiteral("availability"))
                        .toObject()
                        .value(QStringLiteral("humanNow"))
                        .toBool());
        QVERIFY(agentView(customer.id).value(QStringLiteral("unattended")).isNull());
        const HttpResult posted = m_api.sendMessage(customer, QStringLiteral("Hello?"));
        QCOMPARE(posted.status, 200);
        QVERIFY(posted.json().value(QStringLiteral("reply")).isNull());
    }

    void aBadAddressChangesNothing()
    {
        const CustomerSession customer
            = m_api.createSession({ { QStringLiteral("name"), QStringLiteral("Camille") } });
        for (const QString &address : { QStringLiteral("camille"),
                 QStringLiteral("camille@example.com\r\nBcc: all@example.com"),
                 QStringLiteral("Camille <camille@example.com>") }) {
            const HttpResult refused = contact(customer,
                { { QStringLiteral("email"), address },
                    { QStringLiteral("name"), QStringLiteral("Other") } });
            QCOMPARE(refused.status, 400);
            QCOMPARE(errorField(refused), QStringLiteral("email"));
        }
        const QJsonObject session = agentView(customer.id);
        QVERIFY(session.value(QStringLiteral("email")).isNull());
        QCOMPARE(session.value(QStringLiteral("name")).toString(), QStringLiteral("Camille"));
        // Another session's token does not reach it.
        const CustomerSession other = m_api.createSession();
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/chat/contact"),
                         toJson({ { QStringLiteral("sessionId"), customer.id },
                             { QStringLiteral("email"), QStringLiteral("x@example.com") } }),
                         other.token)
                     .status,
            401);
    }

    void theContactIsKeptWithItsNameOnOneLine()
    {
        const CustomerSession customer = m_api.createSession();
        const HttpResult given = contact(customer,
            { { QStringLiteral("email"), QStringLiteral("camille@example.com") },
                { QStringLiteral("name"),
                    QStringLiteral("Camille\r\nBcc: all@example.com\u202E") } });
        QCOMPARE(given.status, 200);
        QCOMPARE(given.json()
                     .value(QStringLiteral("session"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("Camille  Bcc: all@example.com"));
        const QJsonObject session = agentView(customer.id);
        QCOMPARE(session.value(QStringLiteral("email")).toString(),
            QStringLiteral("camille@example.com"));
        QCOMPARE(session.value(QStringLiteral("name")).toString(),
            QStringLiteral("Camille  Bcc: all@example.com"));
        // Without a name, the one the session has stays.
        QCOMPARE(contact(customer, { { QStringLiteral("email"), QStringLiteral("c@example.org") } })
                     .status,
            200);
        QCOMPARE(agentView(customer.id).value(QStringLiteral("name")).toString(),
            QStringLiteral("Camille  Bcc: all@example.com"));
        QCOMPARE(agentView(customer.id).value(QStringLiteral("email")).toString(),
            QStringLiteral("c@example.org"));
    }

    void thePreChatFormIsEnforced()
    {
        const QJsonObject form { { QStringLiteral("enabled"), true },
            { QStringLiteral("name"), QStringLiteral("required") },
            { QStringLiteral("email"), QStringLiteral("required") },
            { QStringLiteral("consent"),
                QJsonObject { { QStringLiteral("text"), QStringLiteral("I accept the policy.") },
                    { QStringLiteral("required"), true } } } };
        const HttpResult set = putSettings({ { QStringLiteral("preChat"), form } });
        QCOMPARE(set.status, 200);
        QCOMPARE(set.json().value(QStringLiteral("preChat")).toObject(), form);

        const QJsonObject complete { { QStringLiteral("name"), QStringLiteral("Camille") },
            { QStringLiteral("email"), QStringLiteral("camille@example.com") },
            { QStringLiteral("consent"), true } };
        for (const QString &missing :
            { QStringLiteral("name"), QStringLiteral("email"), QStringLiteral("consent") }) {
            QJsonObject body = complete;
            body.remove(missing);
            const CustomerSession refused = m_api.createSession(body);
            QCOMPARE(refused.created.status, 400);
            QCOMPARE(errorField(refused.created), missing);
        }
        QJsonObject unticked = complete;
        unticked.insert(QStringLiteral("consent"), false);
        QCOMPARE(errorField(m_api.createSession(unticked).created), QStringLiteral("consent"));
        QJsonObject badAddress = complete;
        badAddress.insert(QStringLiteral("email"), QStringLiteral("camille at example.com"));
        QCOMPARE(errorField(m_api.createSession(badAddress).created), QStringLiteral("email"));
        QCOMPARE(sessionCount(), 0); // none of them was created

        const CustomerSession customer = m_api.createSession(complete);
        QCOMPARE(customer.created.status, 201);
        QCOMPARE(agentView(customer.id).value(QStringLiteral("consentedAt")).toString(),
            QStringLiteral("2026-12-05T12:00:00.000Z"));

        // Off again: nothing is required, and a consent to no box shown is not kept.
        QCOMPARE(putSettings({ { QStringLiteral("preChat"),
                                 QJsonObject { { QStringLiteral("enabled"), false } } } })
                     .status,
            200);
        const CustomerSession bare = m_api.createSession({ { QStringLiteral("consent"), true } });
        QCOMPARE(bare.created.status, 201);
        QVERIFY(agentView(bare.id).value(QStringLiteral("consentedAt")).isNull());
    }

    void aWrongPreChatFormIsRefused_data()
    {
        QTest::addColumn<QJsonObject>("form");
        QTest::addColumn<QString>("field");
        QTest::newRow("enabled") << QJsonObject { { QStringLiteral("enabled"), 1 } }
                                 << QStringLiteral("preChat.enabled");
        QTest::newRow("email") << QJsonObject {
            { QStringLiteral("email"), QStringLiteral("sometimes") }
        } << QStringLiteral("preChat.email");
        QTest::newRow("empty consent") << QJsonObject { { QStringLiteral("consent"),
            QJsonObject { { QStringLiteral("text"), QStringLiteral(" ") } } } }
                                       << QStringLiteral("preChat.consent.text");
        QTest::newRow("hidden characters") << QJsonObject { { QStringLiteral("consent"),
            QJsonObject { { QStringLiteral("text"), QStringLiteral("I accept\u202E") } } } }
                                           << QStringLiteral("preChat.consent.text");
        QTest::newRow("unknown") << QJsonObject {
            { QStringLiteral("phone"), QStringLiteral("required") }
        } << QStringLiteral("preChat.phone");
    }
    void aWrongPreChatFormIsRefused()
    {
        QFETCH(QJsonObject, form);
        QFETCH(QString, field);
        const HttpResult refused = putSettings({ { QStringLiteral("preChat"), form },
            { QStringLiteral("administratorName"), QStringLiteral("Acme") } });
        QCOMPARE(refused.status, 400);
        QCOMPARE(errorField(refused), field);
        // Nothing changed, the other setting of the request neither.
        const QJsonObject settings
            = m_api.get(QStringLiteral("/api/agent/settings"), AdminToken).json();
        QCOMPARE(settings.value(QStringLiteral("preChat")).toObject(),
            (QJsonObject { { QStringLiteral("enabled"), false },
                { QStringLiteral("name"), QStringLiteral("off") },
                { QStringLiteral("email"), QStringLiteral("off") },
                { QStringLiteral("consent"), QJsonValue::Null } }));
        QCOMPARE(settings.value(QStringLiteral("administratorName")).toString(), QString());
    }

    void theAvailabilityRouteTellsThePage()
    {
        const HttpResult before = m_api.get(QStringLiteral("/api/chat/availability"));
        QCOMPARE(before.status, 200);
        QCOMPARE(before.header("Cache-Control"), QByteArray("no-store"));
        QCOMPARE(before.header("Access-Control-Allow-Origin"), QByteArray("*"));
        const QJsonObject answer = before.json();
        QCOMPARE(answer.value(QStringLiteral("email")).toBool(true), false); // no SMTP here
        QCOMPARE(answer.value(QStringLiteral("availability"))
                     .toObject()
                     .value(QStringLiteral("humanNow"))
                     .toBool(true),
            false);
        QCOMPARE(answer.value(QStringLiteral("preChat"))
                     .toObject()
                     .value(QStringLiteral("enabled"))
                     .toBool(true),
            false);

        QCOMPARE(putSettings(
                     { { QStringLiteral("businessHours"),
                           QJsonObject { { QStringLiteral("enabled"), true },
                               { QStringLiteral("timeZone"), QStringLiteral("Europe/Paris") } } },
                         { QStringLiteral("preChat"),
                             QJsonObject { { QStringLiteral("enabled"), true },
                                 { QStringLiteral("email"), QStringLiteral("optional") } } } })
                     .status,
            200);
        const QJsonObject after = m_api.get(QStringLiteral("/api/chat/availability")).json();
        const QJsonObject availability = after.value(QStringLiteral("availability")).toObject();
        QCOMPARE(availability.value(QStringLiteral("withinHours")).toBool(true), false);
        // Monday 9:00 in Paris, said with Paris's offset.
        QCOMPARE(availability.value(QStringLiteral("nextOpening")).toString(),
            QStringLiteral("2026-12-07T09:00:00+01:00"));
        QCOMPARE(availability.value(QStringLiteral("timeZone")).toString(),
            QStringLiteral("Europe/Paris"));
        QCOMPARE(after.value(QStringLiteral("preChat"))
                     .toObject()
                     .value(QStringLiteral("email"))
                     .toString(),
            QStringLiteral("optional"));
        QCOMPARE(m_api.post(QStringLiteral("/api/chat/availability"), "{}").status, 405);
    }

private:
    HttpResult putSettings(const QJsonObject &change)
    {
        return m_api.send("PUT", QStringLiteral("/api/agent/settings"), toJson(change), AdminToken);
    }

    HttpResult askForHuman(const CustomerSession &customer)
    {
        return m_api.post(QStringLiteral("/api/chat/handoff"),
            toJson({ { QStringLiteral("sessionId"), customer.id } }), customer.token);
    }

    HttpResult contact(const CustomerSession &customer, QJsonObject body)
    {
        body.insert(QStringLiteral("sessionId"), customer.id);
        return m_api.post(QStringLiteral("/api/chat/contact"), toJson(body), customer.token);
    }

    static QString replyRole(const HttpResult &posted)
    {
        return posted.json()
            .value(QStringLiteral("reply"))
            .toObject()
            .value(QStringLiteral("role"))
            .toString();
    }

    // The session as agents see it in their list.
    QJsonObject agentView(const QString &id)
    {
        const QJsonArray sessions = m_api.get(QStringLiteral("/api/agent/sessions"), m_marie)
                                        .json()
                                        .value(QStringLiteral("sessions"))
                                        .toArray();
        for (const QJsonValue &session : sessions) {
            if (session.toObject().value(QStringLiteral("id")).toString() == id)
                return session.toObject();
        }
        return {};
    }

    qsizetype sessionCount()
    {
        return m_api.get(QStringLiteral("/api/agent/sessions"), m_marie)
            .json()
            .value(QStringLiteral("sessions"))
            .toArray()
            .size();
    }

    std::shared_ptr<ManualClock> m_clock;
    QByteArray m_marie;
};

QTEST_GUILESS_MAIN(TestHonest)
#include "tst_honest.moc"
