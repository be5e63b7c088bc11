// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cannedresponse.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QJsonObject>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSettings;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace frontline::ui {

class AutoAssignmentPage;
class BusinessHoursPage;
class PreChatPage;
class KeychainEntry;

// Everything the console and its embedded server can be told: where the server listens
// (and its TLS files), which database (with a Test connection button), the AI provider (its
// key goes to the keychain, never to the file), rate limits, canned responses, notifications,
// language, whether to use a remote Frontline server instead of the embedded one, and what
// customers see of the administrator (a setting of the server only, see setServerSettings).
// Values are written to the settings file that `frontline --headless` also reads. Secrets
// are written after accept(), asynchronously: keep the dialog alive until they are.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(QSettings &settings, QWidget *parent = nullptr);

    QTabWidget *tabs() const { return m_tabs; }
    // A page the dialog does not make itself (Labels, which needs the console), the dialog
    // widened for its tab's name.
    void addPage(QWidget *page, const QString &title);
    void testDatabase(); // asynchronous: the result appears under the button

    // What the connected server's settings are (GET /api/agent/settings; empty when not
    // connected), and whether this agent may change them: the settings kept by the server, not
    // in the file, are shown from it and editable by an administrator only.
    void setServerSettings(const QJsonObject &settings, bool admin);
    // Who is signed in (empty when not connected): the Account tab shows their name and lets
    // them change it and their password. The built-in administrator ("admin") has neither of
    // its own: their name is the administrator's display name (Chat page tab), and no password.
    void setAccount(const QString &username, const QString &displayName);
    // The canned responses the server shares (none when not connected), editable by an
    // administrator only; the others see them read-only.
    void setCannedResponses(const QList<CannedResponse> &responses, bool connected, bool admin);
    QTableWidget *cannedTable() const { return m_canned; }

    void accept() override;

Q_SIGNALS:
    void saved(); // the file is written; secrets follow asynchronously
    void databaseChecked(const QString &error);
    // The agent changed the rate limits (as RateLimitPolicy text; "" for the defaults).
    void rateLimitsChanged(const QString &policy);
    // The provider fields the user changed, as the agent API's "provider" object.
    void providerChanged(const QJsonObject &change);
    // An administrator changed the name customers see of the administrator ("" for the
    // default).
    void administratorNameChanged(const QString &name);
    // An administrator changed auto-assignment: the whole policy, as the agent API's
    // `autoAssignment` object.
    void autoAssignmentChanged(const QJsonObject &policy);
    // An administrator changed the team's business hours: the settings' whole `businessHours`.
    void businessHoursChanged(const QJsonObject &hours);
    // An administrator changed the pre-chat form: the settings' whole `preChat`.
    void preChatChanged(const QJsonObject &form);
    // An administrator changed the canned responses: the whole list as edited (id 0 for a new
    // one).
    void cannedResponsesEdited(const QList<frontline::ui::CannedResponse> &responses);
    // The agent changed the name customers see of them.
    void displayNameChanged(const QString &name);
    // "Change password…" was clicked (the main window opens the PasswordDialog).
    void changePasswordRequested();
    // The keychain refused a secret (none available, or locked): it was not saved anywhere.
    void secretNotSaved(const QString &error);

private:
    QWidget *connectionPage();
    QWidget *serverPage();
    QWidget *databasePage();
    QWidget *providerPage();
    QJsonObject providerFields() const;
    QWidget *rateLimitsPage();
    void fitTabs();
    QWidget *cannedPage();
    QWidget *generalPage();
    QWidget *chatPagePage();
    QWidget *accountPage();
    QLineEdit *fileField(QWidget *page, QLineEdit *edit, const QString &filter);
    bool validate();
    void load();

    QSettings &m_settings;
    QTabWidget *m_tabs;
    QRadioButton *m_embedded = nullptr;
    QRadioButton *m_remote = nullptr;
    QLineEdit *m_remoteUrl = nullptr;
    QLineEdit *m_agentToken = nullptr;
    QLineEdit *m_listen = nullptr;
    QLineEdit *m_tlsCert = nullptr;
    QLineEdit *m_tlsKey = nullptr;
    QLineEdit *m_database = nullptr;
    QPushButton *m_testDatabase = nullptr;
    QLabel *m_databaseResult = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QLineEdit *m_model = nullptr;
    QLineEdit *m_apiKey = nullptr;
    QPlainTextEdit *m_systemPrompt = nullptr;
    QLineEdit *m_rateLimits = nullptr;
    QString m_loadedRateLimits;
    QJsonObject m_loadedProvider;
    QTableWidget *m_canned = nullptr;
    QLabel *m_cannedNote = nullptr;
    QPushButton *m_addCanned = nullptr;
    QPushButton *m_removeCanned = nullptr;
    QList<CannedResponse> m_loadedCanned;
    bool m_cannedEditable = false;
    QList<CannedResponse> editedCanned() const;
    QSpinBox *m_repeat = nullptr;
    QSpinBox *m_waitAmber = nullptr;
    QSpinBox *m_waitRed = nullptr;
    QSpinBox *m_awayAfterIdle = nullptr;
    QCheckBox *m_sound = nullptr;
    QComboBox *m_appearance = nullptr;
    QComboBox *m_language = nullptr;
    QLineEdit *m_administratorName = nullptr;
    QLabel *m_administratorNameNote = nullptr;
    QString m_loadedAdministratorName;
    bool m_serverSettingsEditable = false;
    AutoAssignmentPage *m_autoAssignment = nullptr;
    BusinessHoursPage *m_businessHours = nullptr;
    PreChatPage *m_preChat = nullptr;
    QLineEdit *m_displayName = nullptr;
    QLabel *m_accountNote = nullptr;
    QPushButton *m_changePassword = nullptr;
    QString m_loadedDisplayName;
    bool m_accountEditable = false;
    QFutureWatcher<QString> m_databaseCheck;
    KeychainEntry *m_keyEntry;
    KeychainEntry *m_tokenEntry;
};

} // namespace frontline::ui
