// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace frontline {

// When the team answers (issue 20): a weekly schedule in a time zone, and days it is closed
// (holidays). Off by default: then the team is always "within hours", as before. The times are
// the zone's wall-clock times, so that "9:00 to 18:00" stays so across a daylight-saving
// change; a time that does not exist on such a day (in the spring gap) opens at the first
// minute that does. Stored as the compact JSON of toJson().
struct BusinessHours
{
    // One opening of a weekday, in minutes from the day's midnight: [openMinute, closeMinute).
    struct Opening
    {
        int weekday = 1; // 1 Monday … 7 Sunday, as QDate::dayOfWeek
        int openMinute = 9 * 60;
        int closeMinute = 18 * 60; // up to 1440: the end of the day
        friend bool operator==(const Opening &, const Opening &) = default;
    };

    static constexpr int MaxClosedDays = 366;

    static constexpr int MaxOpeningsPerDay = 6;

    bool enabled = false;
    QString timeZone = QStringLiteral("UTC"); // an IANA name: "Europe/Paris"
    // Sorted by weekday then time, never overlapping; by default Monday to Friday, 9:00 to 18:00.
    QList<Opening> openings = weekdaysNineToSix();
    QList<QDate> closedDays; // the zone's dates, sorted

    // Whether the team is within its hours at `time` (always, when not enabled).
    bool isOpen(const QDateTime &time) const;
    // The next moment the team opens after `time` (now, when open); nothing when not enabled
    // or when no opening lies within a year (a schedule without openings).
    std::optional<QDateTime> nextOpening(const QDateTime &time) const;

    // {"enabled","timeZone","weekly":{"mon":[["09:00","18:00"]],…},"closedDays":["2026-12-25"]}
    QJsonObject toJson() const;
    QString toString() const; // compact JSON, as stored
    // `change` on top of `base`: the fields it has replace those of `base` ("weekly" and
    // "closedDays" each as a whole). Nullopt for a wrong field, with in `field` its path
    // ("businessHours.weekly.mon") and in `problem` what a good value looks like.
    static std::optional<BusinessHours> parse(
        const QJsonObject &change, const BusinessHours &base, QString *field, QString *problem);
    // The stored text; nullopt when it is not a schedule this version reads.
    static std::optional<BusinessHours> fromString(const QString &text);

    static QList<Opening> weekdaysNineToSix();
    // The keys of "weekly", Monday first as QDate::dayOfWeek counts: "mon" … "sun".
    static const QStringList &weekdayKeys();

    friend bool operator==(const BusinessHours &, const BusinessHours &) = default;
};

} // namespace frontline
