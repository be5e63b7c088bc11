// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QUrl>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace frontline::ui {

class AgentClient;

// Sign in to a remote Frontline server with an agent's username and password
// (POST /api/agent/login), while the console runs: the token it gets replaces the refused
// one, without a restart. The password is sent once and kept nowhere; the token may be kept
// in the system keychain if the agent asks.
class SignInDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit SignInDialog(const QUrl &server, QWidget *parent = nullptr);

    void setUsername(const QString &username);
    bool remember() const;

Q_SIGNALS:
    // The server accepted: the console signs in with this token.
    void signedIn(const QString &token, const QString &displayName);

private:
    void signIn();
    void showError(const QString &text);

    AgentClient *m_client;
    QLabel *m_intro;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace frontline::ui
