// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace frontline::ui {

// The Assignment tab of the settings: whether waiting conversations go to available agents by
// themselves, how many each agent has at once (for all, and per agent), and how long an agent
// has to answer before the conversation goes to the next one. A setting of the server
// (`autoAssignment`), which only administrators change.
class AutoAssignmentPage final : public QWidget
{
    Q_OBJECT
public:
    explicit AutoAssignmentPage(QWidget *parent = nullptr);

    // The server's policy (the settings' `autoAssignment`; empty when not connected) and
    // whether this agent may change it.
    void setPolicy(const QJsonObject &policy, bool connected, bool admin);
    // What is wrong with the fields, as a sentence; empty when they make a policy.
    QString problem() const;
    // The policy as edited, when an administrator changed it; nullopt otherwise.
    std::optional<QJsonObject> change() const;

    QLineEdit *capacitiesField() const { return m_capacities; }

private:
    // The per-agent field ("marie=5, paul=0") as the API's `capacities`, or nullopt and in
    // `problem` what to fix.
    std::optional<QJsonObject> capacities(QString *problem) const;
    QJsonObject edited(QString *problem) const;
    static QString capacitiesText(const QJsonObject &capacities);

    QCheckBox *m_enabled;
    QSpinBox *m_capacity;
    QLineEdit *m_capacities;
    QSpinBox *m_answerMinutes;
    QLabel *m_note;
    QJsonObject m_loaded;
    bool m_editable = false;
};

} // namespace frontline::ui
