// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace frontline::ui {

// The Business hours tab of the settings: whether the team keeps hours, in which time zone,
// its openings day by day ("09:00–12:30, 14:00–18:00"; empty: closed) and the days it is
// closed. A setting of the server (`businessHours`), which only administrators change; the
// server's rules (domain/businesshours.h) check what is typed before it is sent.
class BusinessHoursPage final : public QWidget
{
    Q_OBJECT
public:
    explicit BusinessHoursPage(QWidget *parent = nullptr);

    // The server's schedule (the settings' `businessHours`; empty when not connected) and
    // whether this agent may change it.
    void setHours(const QJsonObject &hours, bool connected, bool admin);
    // What is wrong with the fields, as a sentence; empty when they make a schedule.
    QString problem() const;
    // The field the problem is in, to show it.
    QWidget *problemField() const;
    // The schedule as edited, when an administrator changed it; nullopt otherwise.
    std::optional<QJsonObject> change() const;

    QComboBox *timeZoneField() const { return m_timeZone; }
    QLineEdit *dayField(int weekday) const { return m_days.at(weekday - 1); }
    QLineEdit *closedDaysField() const { return m_closedDays; }

private:
    // The fields as the API's `businessHours`, or nullopt with in `problem` what to fix and in
    // `field` where.
    std::optional<QJsonObject> edited(QString *problem, QWidget **field) const;

    QCheckBox *m_enabled;
    QComboBox *m_timeZone;
    QList<QLineEdit *> m_days; // Monday first
    QLineEdit *m_closedDays;
    QLabel *m_note;
    QJsonObject m_loaded;
    bool m_editable = false;
};

} // namespace frontline::ui
