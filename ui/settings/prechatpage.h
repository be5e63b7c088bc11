// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace frontline::ui {

// The Pre-chat form tab of the settings: whether customers fill in a form before their first
// message, whether it asks their name and e-mail (off, optional or required), and a consent
// checkbox with the operator's text, required or not. A setting of the server (`preChat`),
// which only administrators change; a server older than the form shows none.
class PreChatPage final : public QWidget
{
    Q_OBJECT
public:
    explicit PreChatPage(QWidget *parent = nullptr);

    // The server's form (the settings' `preChat`; empty when not connected or when the server
    // has none) and whether this agent may change it.
    void setForm(const QJsonObject &form, bool connected, bool admin);
    // What is wrong with the fields, as a sentence; empty when they make a form.
    QString problem() const;
    QWidget *problemField() const;
    // The form as edited, when an administrator changed it; nullopt otherwise.
    std::optional<QJsonObject> change() const;

    QCheckBox *enabledField() const { return m_enabled; }
    QComboBox *nameField() const { return m_name; }
    QComboBox *emailField() const { return m_email; }
    QCheckBox *consentField() const { return m_consent; }
    QPlainTextEdit *consentTextField() const { return m_consentText; }
    QCheckBox *consentRequiredField() const { return m_consentRequired; }

private:
    QJsonObject edited() const;
    void updateFields();

    QCheckBox *m_enabled;
    QComboBox *m_name;
    QComboBox *m_email;
    QCheckBox *m_consent;
    QPlainTextEdit *m_consentText;
    QCheckBox *m_consentRequired;
    QLabel *m_note;
    QJsonObject m_loaded;
    bool m_editable = false;
};

} // namespace frontline::ui
