// SPDX-License-Identifier: GPL-3.0-or-later
#include "businesshourspage.h"

#include "domain/businesshours.h"
#include "settingsnote.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QTimeZone>

namespace frontline::ui {

namespace {

// "09:00–12:30, 14:00–18:00" from the API's [["09:00","12:30"],["14:00","18:00"]].
QString openingsText(const QJsonArray &openings)
{
    QStringList items;
    for (const QJsonValue &opening : openings) {
        const QJsonArray pair = opening.toArray();
        items.append(pair.at(0).toString() + QStringLiteral("–") + pair.at(1).toString());
    }
    return items.join(QStringLiteral(", "));
}

// The API's openings from what was typed: "9:00-12:30, 14:00–18:00" (any dash; an hour without
// minutes is "9"), or nullopt for text that is no list of openings.
std::optional<QJsonArray> openingsFrom(const QString &text)
{
    static const QRegularExpression opening(
        QStringLiteral(R"(^\s*(\d{1,2})(?::(\d{2}))?\s*[-–—]\s*(\d{1,2})(?::(\d{2}))?\s*$)"));
    QJsonArray openings;
    const auto time = [](const QString &hour, const QString &minute) {
        return QStringLiteral("%1:%2")
            .arg(hour.toInt(), 2, 10, QLatin1Char('0'))
            .arg(minute.isEmpty() ? 0 : minute.toInt(), 2, 10, QLatin1Char('0'));
    };
    for (const QString &item : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QRegularExpressionMatch match = opening.match(item);
        if (!match.hasMatch())
            return std::nullopt;
        openings.append(QJsonArray { time(match.captured(1), match.captured(2)),
            time(match.captured(3), match.captured(4)) });
    }
    return openings;
}

} // namespace

BusinessHoursPage::BusinessHoursPage(QWidget *parent)
    : QWidget(parent)
    , m_enabled(new QCheckBox(tr("The team keeps business hours"), this))
    , m_timeZone(new QComboBox(this))
    , m_closedDays(new QLineEdit(this))
    , m_note(settingsNote(QString(), this))
{
    m_enabled->setObjectName(QStringLiteral("businessHoursEnabled"));
    m_timeZone->setObjectName(QStringLiteral("businessHoursTimeZone"));
    m_timeZone->setEditable(true);
    m_timeZone->setInsertPolicy(QComboBox::NoInsert);
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        m_timeZone->addItem(QString::fromLatin1(id));
    m_timeZone->completer()->setFilterMode(Qt::MatchContains);
    m_timeZone->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_closedDays->setObjectName(QStringLiteral("businessHoursClosedDays"));
    m_closedDays->setPlaceholderText(tr("e.g. 2026-12-25, 2027-01-01"));

    auto *form = new QFormLayout(this);
    auto *about = settingsNote(QString(), this);
    about->setText(tr("When your team answers, in its time zone. The times are the zone's "
                      "local times, so 9:00 stays 9:00 when the clocks change."));
    form->addRow(about);
    form->addRow(QString(), m_enabled);
    form->addRow(tr("Time zone"), m_timeZone);
    const QLocale locale;
    for (int day = 1; day <= 7; ++day) {
        auto *field = new QLineEdit(this);
        field->setObjectName(
            QStringLiteral("businessHours_") + BusinessHours::weekdayKeys().at(day - 1));
        field->setPlaceholderText(tr("Closed"));
        m_days.append(field);
        form->addRow(locale.standaloneDayName(day, QLocale::LongFormat), field);
    }
    auto *howTo = settingsNote(QString(), this);
    howTo->setText(
        tr("Openings as 09:00–12:30, 14:00–18:00, separated by commas; leave a day empty when "
           "the team is closed."));
    form->addRow(QString(), howTo);
    form->addRow(tr("Closed on"), m_closedDays);
    form->addRow(m_note);
    setHours({}, false, false);
}

void BusinessHoursPage::setHours(const QJsonObject &hours, bool connected, bool admin)
{
    m_editable = connected && admin;
    const BusinessHours defaults;
    const QJsonObject shown = hours.isEmpty() ? defaults.toJson() : hours;
    m_loaded = connected ? hours : QJsonObject();
    m_enabled->setChecked(shown.value(QStringLiteral("enabled")).toBool());
    const QString zone = shown.value(QStringLiteral("timeZone")).toString();
    m_timeZone->setCurrentIndex(m_timeZone->findText(zone));
    m_timeZone->setEditText(zone);
    const QJsonObject weekly = shown.value(QStringLiteral("weekly")).toObject();
    for (int day = 1; day <= 7; ++day)
        m_days.at(day - 1)->setText(
            openingsText(weekly.value(BusinessHours::weekdayKeys().at(day - 1)).toArray()));
    QStringList closed;
    for (const QJsonValue &date : shown.value(QStringLiteral("closedDays")).toArray())
        closed.append(date.toString());
    m_closedDays->setText(closed.join(QStringLiteral(", ")));
    QList<QWidget *> fields { m_enabled, m_timeZone, m_closedDays };
    for (QLineEdit *day : m_days)
        fields.append(day);
    for (QWidget *field : std::as_const(fields))
        field->setEnabled(m_editable);
    m_note->setText(!connected ? tr("Connect to a server to see or change it.")
            : !admin           ? tr("Only an administrator can change it.")
                               : QString());
    m_note->setVisible(!m_note->text().isEmpty());
}

std::optional<QJsonObject> BusinessHoursPage::edited(QString *problem, QWidget **field) const
{
    QJsonObject weekly;
    for (int day = 1; day <= 7; ++day) {
        const auto openings = openingsFrom(m_days.at(day - 1)->text());
        if (!openings) {
            *problem = tr("The hours of %1 are written as 09:00–12:30, 14:00–18:00: “%2” is "
                          "not.")
                           .arg(QLocale().standaloneDayName(day, QLocale::LongFormat),
                               m_days.at(day - 1)->text().trimmed());
            *field = m_days.at(day - 1);
            return std::nullopt;
        }
        weekly.insert(BusinessHours::weekdayKeys().at(day - 1), *openings);
    }
    QJsonArray closed;
    for (const QString &date : m_closedDays->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        closed.append(date.trimmed());
    const QJsonObject hours { { QStringLiteral("enabled"), m_enabled->isChecked() },
        { QStringLiteral("timeZone"), m_timeZone->currentText().trimmed() },
        { QStringLiteral("weekly"), weekly }, { QStringLiteral("closedDays"), closed } };
    // The server's own rules, so that what it would refuse is said here, by the field.
    QString refusedField;
    QString refusal;
    if (!BusinessHours::parse(hours, BusinessHours(), &refusedField, &refusal)) {
        const QString part = refusedField.section(QLatin1Char('.'), 1, 1);
        const int day = int(
            BusinessHours::weekdayKeys().indexOf(refusedField.section(QLatin1Char('.'), 2, 2)));
        if (part == QLatin1String("closedDays"))
            *field = m_closedDays;
        else if (day >= 0)
            *field = m_days.at(day);
        else
            *field = m_timeZone;
        *problem = *field == m_timeZone ? tr("The time zone %1").arg(refusal)
            : *field == m_closedDays
            ? tr("The closed days %1").arg(refusal)
            : tr("The hours of %1 %2")
                  .arg(QLocale().standaloneDayName(day + 1, QLocale::LongFormat), refusal);
        return std::nullopt;
    }
    return hours;
}

QString BusinessHoursPage::problem() const
{
    if (!m_editable)
        return {};
    QString problem;
    QWidget *field = nullptr;
    edited(&problem, &field);
    return problem;
}

QWidget *BusinessHoursPage::problemField() const
{
    QString problem;
    QWidget *field = nullptr;
    edited(&problem, &field);
    return field ? field : m_timeZone;
}

std::optional<QJsonObject> BusinessHoursPage::change() const
{
    if (!m_editable)
        return std::nullopt;
    QString problem;
    QWidget *field = nullptr;
    const auto hours = edited(&problem, &field);
    // Compared as the server writes it, so that an untouched tab sends nothing.
    if (!hours || *hours == m_loaded)
        return std::nullopt;
    return hours;
}

} // namespace frontline::ui
