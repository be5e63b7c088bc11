// SPDX-License-Identifier: GPL-3.0-or-later
#include "businesshours.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>

namespace frontline {

namespace {

const QString Enabled = QStringLiteral("enabled");
const QString TimeZone = QStringLiteral("timeZone");
const QString Weekly = QStringLiteral("weekly");
const QString ClosedDays = QStringLiteral("closedDays");
constexpr int MinutesPerDay = 24 * 60;

// "HH:MM" from 00:00 to 23:59, or 24:00 for the end of a day.
std::optional<int> minuteOf(const QJsonValue &value)
{
    static const QRegularExpression pattern(QStringLiteral("^([01][0-9]|2[0-4]):([0-5][0-9])$"));
    const auto match = pattern.match(value.toString());
    if (!value.isString() || !match.hasMatch())
        return std::nullopt;
    const int minute = match.captured(1).toInt() * 60 + match.captured(2).toInt();
    return minute <= MinutesPerDay ? std::optional<int>(minute) : std::nullopt;
}

QString textOf(int minute)
{
    return QStringLiteral("%1:%2")
        .arg(minute / 60, 2, 10, QLatin1Char('0'))
        .arg(minute % 60, 2, 10, QLatin1Char('0'));
}

// The moment the zone's clocks show `minute` on `date`. On the day clocks go forward a time in
// the gap does not exist: the first minute after it that does is taken.
QDateTime wallClock(QDate date, int minute, const QTimeZone &zone)
{
    if (minute >= MinutesPerDay) {
        date = date.addDays(1);
        minute -= MinutesPerDay;
    }
    constexpr int LongestGapMinutes = 3 * 60;
    for (int m = minute; m < minute + LongestGapMinutes && m < MinutesPerDay; ++m) {
        const QTime wanted(m / 60, m % 60);
        const QDateTime moment(date, wanted, zone);
        const QDateTime shown = moment.toTimeZone(zone);
        if (moment.isValid() && shown.date() == date && shown.time() == wanted)
            return moment;
    }
    return QDateTime(date.addDays(1), QTime(0, 0), zone);
}

} // namespace

const QStringList &BusinessHours::weekdayKeys()
{
    static const QStringList keys { QStringLiteral("mon"), QStringLiteral("tue"),
        QStringLiteral("wed"), QStringLiteral("thu"), QStringLiteral("fri"), QStringLiteral("sat"),
        QStringLiteral("sun") };
    return keys;
}

QList<BusinessHours::Opening> BusinessHours::weekdaysNineToSix()
{
    QList<Opening> openings;
    for (int day = 1; day <= 5; ++day)
        openings.append({ day, 9 * 60, 18 * 60 });
    return openings;
}

bool BusinessHours::isOpen(const QDateTime &time) const
{
    if (!enabled)
        return true;
    const QDateTime local = time.toTimeZone(QTimeZone(timeZone.toUtf8()));
    const QDate date = local.date();
    if (closedDays.contains(date))
        return false;
    const int minute = local.time().hour() * 60 + local.time().minute();
    return std::any_of(openings.cbegin(), openings.cend(), [&](const Opening &opening) {
        return opening.weekday == date.dayOfWeek() && opening.openMinute <= minute
            && minute < opening.closeMinute;
    });
}

std::optional<QDateTime> BusinessHours::nextOpening(const QDateTime &time) const
{
    if (!enabled)
        return std::nullopt;
    if (isOpen(time))
        return time;
    const QTimeZone zone(timeZone.toUtf8());
    const QDate today = time.toTimeZone(zone).date();
    for (int ahead = 0; ahead <= MaxClosedDays + 7; ++ahead) {
        const QDate date = today.addDays(ahead);
        if (closedDays.contains(date))
            continue;
        for (const Opening &opening : openings) {
            if (opening.weekday != date.dayOfWeek())
                continue;
            const QDateTime start = wallClock(date, opening.openMinute, zone);
            if (start > time)
                return start.toUTC();
        }
    }
    return std::nullopt;
}

QJsonObject BusinessHours::toJson() const
{
    QJsonObject weekly;
    for (int day = 1; day <= 7; ++day) {
        QJsonArray ranges;
        for (const Opening &opening : openings) {
            if (opening.weekday == day)
                ranges.append(
                    QJsonArray { textOf(opening.openMinute), textOf(opening.closeMinute) });
        }
        weekly.insert(weekdayKeys().at(day - 1), ranges);
    }
    QJsonArray closed;
    for (const QDate &day : closedDays)
        closed.append(day.toString(Qt::ISODate));
    return { { Enabled, enabled }, { TimeZone, timeZone }, { Weekly, weekly },
        { ClosedDays, closed } };
}

QString BusinessHours::toString() const
{
    return QString::fromUtf8(QJsonDocument(toJson()).toJson(QJsonDocument::Compact));
}

std::optional<BusinessHours> BusinessHours::parse(
    const QJsonObject &change, const BusinessHours &base, QString *field, QString *problem)
{
    const auto refuse = [&](const QString &name, const QString &text) {
        *field = QStringLiteral("businessHours.") + name;
        *problem = text;
        return std::nullopt;
    };
    BusinessHours hours = base;
    for (auto it = change.constBegin(); it != change.constEnd(); ++it) {
        const QString &name = it.key();
        const QJsonValue &value = it.value();
        if (name == Enabled) {
            if (!value.isBool())
                return refuse(
                    name, QCoreApplication::translate("BusinessHours", "must be true or false."));
            hours.enabled = value.toBool();
        } else if (name == TimeZone) {
            if (!value.isString() || !QTimeZone::isTimeZoneIdAvailable(value.toString().toUtf8()))
                return refuse(name,
                    QCoreApplication::translate("BusinessHours",
                        "must be the name of a time zone, such as Europe/Paris or "
                        "America/New_York."));
            hours.timeZone = value.toString();
        } else if (name == Weekly) {
            if (!value.isObject())
                return refuse(name,
                    QCoreApplication::translate("BusinessHours",
                        "must be an object of weekdays (mon … sun), each a list of openings "
                        "such as [[\"09:00\", \"12:30\"], [\"14:00\", \"18:00\"]]."));
            hours.openings.clear();
            const QJsonObject days = value.toObject();
            for (auto day = days.constBegin(); day != days.constEnd(); ++day) {
                const int weekday = int(weekdayKeys().indexOf(day.key())) + 1;
                if (weekday == 0)
                    return refuse(name + QLatin1Char('.') + day.key(),
                        QCoreApplication::translate("BusinessHours",
                            "is not a weekday: use mon, tue, wed, thu, fri, sat or sun."));
                const QString dayField = name + QLatin1Char('.') + day.key();
                const QString rangeProblem = QCoreApplication::translate("BusinessHours",
                    "must be at most %1 openings, each [\"HH:MM\", \"HH:MM\"] from 00:00 to "
                    "24:00, opening before it closes, in order and not overlapping.")
                                                 .arg(MaxOpeningsPerDay);
                const QJsonArray ranges = day.value().toArray();
                if (!day.value().isArray() || ranges.size() > MaxOpeningsPerDay)
                    return refuse(dayField, rangeProblem);
                int lastClose = -1;
                for (const QJsonValue &range : ranges) {
                    const QJsonArray pair = range.toArray();
                    if (pair.size() != 2)
                        return refuse(dayField, rangeProblem);
                    const int open = minuteOf(pair.at(0)).value_or(-1);
                    const int close = minuteOf(pair.at(1)).value_or(-1);
                    if (open < 0 || close < 0 || open >= close || open < lastClose)
                        return refuse(dayField, rangeProblem);
                    lastClose = close;
                    hours.openings.append({ weekday, open, close });
                }
            }
            std::sort(hours.openings.begin(), hours.openings.end(),
                [](const Opening &a, const Opening &b) {
                    return std::pair(a.weekday, a.openMinute) < std::pair(b.weekday, b.openMinute);
                });
        } else if (name == ClosedDays) {
            const QString daysProblem = QCoreApplication::translate(
                "BusinessHours", "must be a list of at most %1 dates such as \"2026-12-25\".")
                                            .arg(MaxClosedDays);
            const QJsonArray days = value.toArray();
            if (!value.isArray() || days.size() > MaxClosedDays)
                return refuse(name, daysProblem);
            hours.closedDays.clear();
            for (const QJsonValue &day : days) {
                const QDate date = QDate::fromString(day.toString(), Qt::ISODate);
                if (!day.isString() || !date.isValid() || day.toString().size() != 10)
                    return refuse(name, daysProblem);
                if (!hours.closedDays.contains(date))
                    hours.closedDays.append(date);
            }
            std::sort(hours.closedDays.begin(), hours.closedDays.end());
        } else {
            return refuse(name,
                QCoreApplication::translate("BusinessHours",
                    "is not part of business hours; use enabled, timeZone, weekly or closedDays."));
        }
    }
    return hours;
}

std::optional<BusinessHours> BusinessHours::fromString(const QString &text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (!document.isObject())
        return std::nullopt;
    QString field;
    QString problem;
    return parse(document.object(), BusinessHours(), &field, &problem);
}

} // namespace frontline
