// SPDX-License-Identifier: GPL-3.0-or-later
// What a customer who asks for a human is told (issue 20, points 1 and 2), over real HTTP on
// SQLite and PostgreSQL, by the test's clock: that an agent will join when one is online within
// the team's hours; when the team is back, in the customer's language and the hours' time zone,
// outside them, right across the daylight-saving changes of Paris and New York; that nobody is
// online, within hours with no agent connected. The conversation waits for the team either way.

#include "apitestcase.h"
#include "eventstreamclient.h"
#include "manualclock.h"
#include "server/backend.h"
#include "settings/runtimesettings.h"
#include "testbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

const QByteArray AdminToken = "availability-admin-token";

QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
}

} // namespace

class TestAvailability : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_options = optionsForThisRow();
        m_options.adminToken = QString::fromLatin1(AdminToken);
        m_clock = std::make_shared<ManualClock>();
        QVERIFY(startServer(m_clock));
        m_marie = addAgent(*m_backend->store(), QStringLiteral("marie"), QStringLiteral("Marie"));
    }

    void anAgentOnlineWillJoin()
    {
        EventStreamClient console; // Marie's console is connected: she is online
        console.open(m_api.url(QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_marie } });
        QVERIFY(console.waitFor("hello", 1));
        QTRY_VERIFY(noticeOnHandoff(QStringLiteral("en"))
                        .startsWith(QStringLiteral("A support agent will take over")));
    }

    void nobodyOnlineIsSaid()
    {
        QCOMPARE(noticeOnHandoff(QStringLiteral("en")),
            QStringLiteral("No agent is online right now. Your conversation is kept and an agent "
                           "will answer it as soon as possible."));
        QVERIFY(noticeOnHandoff(QStringLiteral("fr-FR"))
                    .startsWith(QStringLiteral("Aucun conseiller n’est connecté")));
    }

    void outsideHoursTheTeamSaysWhenItIsBack_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("said");
        // Paris moves its clocks on Sunday 28 March 2027: Friday 18:00 CET is 17:00Z, and
        // Monday 9:00 is CEST then.
        QTest::newRow("Paris, the spring change, in French")
            << QStringLiteral("Europe/Paris") << utc("2027-03-26T17:30:00Z")
            << QStringLiteral("fr-FR") << QStringLiteral("lundi 29 mars à 09:00 (Europe/Paris)");
        QTest::newRow("Paris, the spring change, in English")
            << QStringLiteral("Europe/Paris") << utc("2027-03-27T10:00:00Z") << QStringLiteral("en")
            << QStringLiteral("Monday 29 March at 09:00 (Europe/Paris)");
        // New York moves on Sunday 14 March 2027: Friday 18:00 EST is 23:00Z.
        QTest::newRow("New York, the spring change")
            << QStringLiteral("America/New_York") << utc("2027-03-12T23:30:00Z")
            << QStringLiteral("en")
            << QStringLiteral("Monday 15 March at 09:00 (America/New_York)");
        // Paris falls back on Sunday 31 October 2027.
        QTest::newRow("Paris, the autumn change")
            << QStringLiteral("Europe/Paris") << utc("2027-10-29T20:00:00Z") << QStringLiteral("fr")
            << QStringLiteral("lundi 1 novembre à 09:00 (Europe/Paris)");
    }
    void outsideHoursTheTeamSaysWhenItIsBack()
    {
        QFETCH(QString, zone);
        QFETCH(QDateTime, now);
        QFETCH(QString, locale);
        QFETCH(QString, said);
        m_clock->set(now);
        EventStreamClient console; // an agent online does not make the team's hours
        console.open(m_api.url(QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_marie } });
        QVERIFY(console.waitFor("hello", 1));
        const HttpResult set = m_api.send("PUT", QStringLiteral("/api/agent/settings"),
            toJson({ { QStringLiteral("businessHours"),
                QJsonObject { { QStringLiteral("enabled"), true },
                    { QStringLiteral("timeZone"), zone } } } }),
            AdminToken);
        QCOMPARE(set.status, 200);
        const QString notice = noticeOnHandoff(locale);
        QVERIFY2(notice.contains(said), qPrintable(notice));
        // Within the hours (Monday 10:00 there), an agent will join again.
        m_clock->set(
            QDateTime(now.toTimeZone(QTimeZone(zone.toUtf8()))
                          .date()
                          .addDays(8 - now.toTimeZone(QTimeZone(zone.toUtf8())).date().dayOfWeek()),
                QTime(10, 0), QTimeZone(zone.toUtf8())));
        QTRY_VERIFY(noticeOnHandoff(locale) != notice);
    }

private:
    // Asks for a human in a new session of `locale` and answers the notice it got.
    QString noticeOnHandoff(const QString &locale)
    {
        const CustomerSession customer
            = m_api.createSession({ { QStringLiteral("locale"), locale } });
        const HttpResult handoff = m_api.post(QStringLiteral("/api/chat/handoff"),
            toJson({ { QStringLiteral("sessionId"), customer.id } }), customer.token);
        if (handoff.status != 200
            || handoff.json()
                    .value(QStringLiteral("session"))
                    .toObject()
                    .value(QStringLiteral("status"))
                    .toString()
                != QLatin1String("WAITING"))
            return {};
        const QJsonArray history = m_api.history(customer);
        return history.last().toObject().value(QStringLiteral("content")).toString();
    }

    std::shared_ptr<ManualClock> m_clock;
    QByteArray m_marie;
};

QTEST_GUILESS_MAIN(TestAvailability)
#include "tst_availability.moc"
