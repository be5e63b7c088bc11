// SPDX-License-Identifier: GPL-3.0-or-later
// Business hours (issue 20, point 1): a weekly schedule in a time zone and closed days, right
// across daylight-saving changes in two zones (Paris and New York change on other dates), and
// what a schedule sent by an administrator may be.

#include "domain/businesshours.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace frontline;

namespace {

QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
}

BusinessHours schedule(const char *zone, const char *json = nullptr)
{
    BusinessHours hours;
    hours.enabled = true;
    hours.timeZone = QString::fromLatin1(zone);
    if (json) {
        QString field;
        QString problem;
        const auto parsed
            = BusinessHours::parse(QJsonDocument::fromJson(json).object(), hours, &field, &problem);
        if (!parsed)
            qFatal("schedule refused: %s %s", qPrintable(field), qPrintable(problem));
        hours = *parsed;
    }
    return hours;
}

} // namespace

class TestBusinessHours : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void offMeansAlwaysWithinHours()
    {
        const BusinessHours hours;
        QVERIFY(!hours.enabled);
        QVERIFY(hours.isOpen(utc("2027-03-28T03:00:00Z"))); // a Sunday night
        QVERIFY(!hours.nextOpening(utc("2027-03-28T03:00:00Z")));
    }

    void parisKeepsNineToSixAcrossTheSpringChange()
    {
        const BusinessHours hours = schedule("Europe/Paris"); // the default: Mon–Fri 9–18
        // Before the change Paris is UTC+1: 9:00 is 08:00Z.
        QVERIFY(!hours.isOpen(utc("2027-03-22T07:59:00Z")));
        QVERIFY(hours.isOpen(utc("2027-03-22T08:00:00Z")));
        QVERIFY(hours.isOpen(utc("2027-03-26T16:59:00Z")));
        QVERIFY(!hours.isOpen(utc("2027-03-26T17:00:00Z"))); // Friday 18:00
        // Clocks go forward on Sunday 28 March: Monday 9:00 is 07:00Z.
        QCOMPARE(*hours.nextOpening(utc("2027-03-26T17:00:00Z")), utc("2027-03-29T07:00:00Z"));
        QVERIFY(!hours.isOpen(utc("2027-03-29T06:59:00Z")));
        QVERIFY(hours.isOpen(utc("2027-03-29T07:00:00Z")));
        // Open now: the next opening is now.
        QCOMPARE(*hours.nextOpening(utc("2027-03-29T10:00:00Z")), utc("2027-03-29T10:00:00Z"));
    }

    void newYorkChangesOnAnotherDay()
    {
        const BusinessHours hours = schedule("America/New_York");
        // Friday 12 March 2027, 18:00 EST (UTC−5) is 23:00Z: closed until Monday 9:00 EDT.
        QVERIFY(hours.isOpen(utc("2027-03-12T22:59:00Z")));
        QVERIFY(!hours.isOpen(utc("2027-03-12T23:00:00Z")));
        QCOMPARE(*hours.nextOpening(utc("2027-03-12T23:00:00Z")), utc("2027-03-15T13:00:00Z"));
        // The same instant in Paris: already Saturday, closed until Monday 9:00 CET.
        QCOMPARE(*schedule("Europe/Paris").nextOpening(utc("2027-03-12T23:00:00Z")),
            utc("2027-03-15T08:00:00Z"));
    }

    void anOpeningInTheSpringGapStartsWhenTheClocksDo()
    {
        // Sunday 28 March 2027 in Paris has no 02:00–02:59.
        const BusinessHours hours
            = schedule("Europe/Paris", R"({"weekly": {"sun": [["02:30", "04:00"]]}})");
        QCOMPARE(*hours.nextOpening(utc("2027-03-27T12:00:00Z")), utc("2027-03-28T01:00:00Z"));
        QVERIFY(hours.isOpen(utc("2027-03-28T01:30:00Z"))); // 03:30 CEST
        QVERIFY(!hours.isOpen(utc("2027-03-28T02:00:00Z"))); // 04:00 CEST
    }

    void theRepeatedHourOfAutumnIsWithinHoursBothTimes()
    {
        // Sunday 31 October 2027 in Paris shows 02:00–02:59 twice.
        const BusinessHours hours
            = schedule("Europe/Paris", R"({"weekly": {"sun": [["01:00", "04:00"]]}})");
        QVERIFY(hours.isOpen(utc("2027-10-31T00:30:00Z"))); // 02:30 CEST
        QVERIFY(hours.isOpen(utc("2027-10-31T01:30:00Z"))); // 02:30 CET
        QVERIFY(hours.isOpen(utc("2027-10-31T02:59:00Z"))); // 03:59 CET
        QVERIFY(!hours.isOpen(utc("2027-10-31T03:00:00Z"))); // 04:00 CET
    }

    void closedDaysAreSkipped()
    {
        const BusinessHours hours = schedule("Europe/Paris",
            R"({"closedDays": ["2027-12-24", "2027-12-24", "2027-12-27"],
                "weekly": {"mon": [["09:00", "12:00"], ["14:00", "18:00"]],
                           "tue": [["09:00", "18:00"]], "wed": [], "thu": [["09:00", "18:00"]],
                           "fri": [["09:00", "18:00"]]}})");
        QCOMPARE(hours.closedDays.size(), 2); // once each
        QVERIFY(!hours.isOpen(utc("2027-12-24T10:00:00Z"))); // Friday, closed
        // Thursday 18:00 → not Friday 24, not Monday 27: Tuesday 28, 9:00 CET.
        QCOMPARE(*hours.nextOpening(utc("2027-12-23T17:00:00Z")), utc("2027-12-28T08:00:00Z"));
        // A Monday's lunch break.
        const BusinessHours lunch = schedule(
            "Europe/Paris", R"({"weekly": {"mon": [["09:00", "12:00"], ["14:00", "18:00"]]}})");
        QVERIFY(!lunch.isOpen(utc("2027-12-20T12:00:00Z"))); // 13:00 CET
        QCOMPARE(*lunch.nextOpening(utc("2027-12-20T12:00:00Z")), utc("2027-12-20T13:00:00Z"));
        // Until midnight, written 24:00.
        const BusinessHours late = schedule("UTC", R"({"weekly": {"sat": [["20:00", "24:00"]]}})");
        QVERIFY(late.isOpen(utc("2027-12-25T23:59:00Z")));
        QVERIFY(!late.isOpen(utc("2027-12-26T00:00:00Z")));
        // No opening at all: never within hours, no next opening.
        const BusinessHours never = schedule("UTC", R"({"weekly": {}})");
        QVERIFY(!never.isOpen(utc("2027-12-20T12:00:00Z")));
        QVERIFY(!never.nextOpening(utc("2027-12-20T12:00:00Z")));
    }

    void keepsWhatItStores()
    {
        const BusinessHours hours = schedule("America/New_York",
            R"({"weekly": {"mon": [["08:30", "12:00"], ["13:00", "17:30"]], "sat": [["10:00", "14:00"]]},
                "closedDays": ["2027-07-04"]})");
        QCOMPARE(*BusinessHours::fromString(hours.toString()), hours);
        const QJsonObject json = hours.toJson();
        QCOMPARE(json.value(QStringLiteral("weekly")).toObject().value(QStringLiteral("mon")),
            QJsonValue(QJsonArray { QJsonArray { QStringLiteral("08:30"), QStringLiteral("12:00") },
                QJsonArray { QStringLiteral("13:00"), QStringLiteral("17:30") } }));
        QCOMPARE(json.value(QStringLiteral("weekly")).toObject().value(QStringLiteral("sun")),
            QJsonValue(QJsonArray {}));
        QVERIFY(!BusinessHours::fromString(QStringLiteral("not json")));
    }

    void refusesWhatIsNoSchedule_data()
    {
        QTest::addColumn<QByteArray>("change");
        QTest::addColumn<QString>("field");
        QTest::newRow("a zone that is none") << QByteArray(R"({"timeZone": "Mars/Olympus"})")
                                             << QStringLiteral("businessHours.timeZone");
        QTest::newRow("a zone that is no text")
            << QByteArray(R"({"timeZone": 2})") << QStringLiteral("businessHours.timeZone");
        QTest::newRow("enabled as text")
            << QByteArray(R"({"enabled": "yes"})") << QStringLiteral("businessHours.enabled");
        QTest::newRow("no weekday") << QByteArray(R"({"weekly": {"monday": []}})")
                                    << QStringLiteral("businessHours.weekly.monday");
        QTest::newRow("closing before opening")
            << QByteArray(R"({"weekly": {"mon": [["18:00", "09:00"]]}})")
            << QStringLiteral("businessHours.weekly.mon");
        QTest::newRow("overlapping")
            << QByteArray(R"({"weekly": {"tue": [["09:00", "13:00"], ["12:00", "18:00"]]}})")
            << QStringLiteral("businessHours.weekly.tue");
        QTest::newRow("25 o'clock") << QByteArray(R"({"weekly": {"wed": [["09:00", "25:00"]]}})")
                                    << QStringLiteral("businessHours.weekly.wed");
        QTest::newRow("past midnight") << QByteArray(R"({"weekly": {"wed": [["09:00", "24:30"]]}})")
                                       << QStringLiteral("businessHours.weekly.wed");
        QTest::newRow("a day that is not a list") << QByteArray(R"({"weekly": {"thu": "9-18"}})")
                                                  << QStringLiteral("businessHours.weekly.thu");
        QTest::newRow("a date that is none") << QByteArray(R"({"closedDays": ["2027-02-30"]})")
                                             << QStringLiteral("businessHours.closedDays");
        QTest::newRow("a date in another form") << QByteArray(R"({"closedDays": ["25/12/2027"]})")
                                                << QStringLiteral("businessHours.closedDays");
        QTest::newRow("something else")
            << QByteArray(R"({"holidays": []})") << QStringLiteral("businessHours.holidays");
    }
    void refusesWhatIsNoSchedule()
    {
        QFETCH(QByteArray, change);
        QFETCH(QString, field);
        QString refusedField;
        QString problem;
        QVERIFY(!BusinessHours::parse(
            QJsonDocument::fromJson(change).object(), BusinessHours(), &refusedField, &problem));
        QCOMPARE(refusedField, field);
        QVERIFY(!problem.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBusinessHours)
#include "tst_businesshours.moc"
