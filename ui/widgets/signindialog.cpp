// SPDX-License-Identifier: GPL-3.0-or-later
#include "signindialog.h"

#include "client/agentclient.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace frontline::ui {

SignInDialog::SignInDialog(const QUrl &server, QWidget *parent)
    : QDialog(parent)
    , m_client(new AgentClient(server, QString(), this))
    , m_intro(new QLabel(this))
    , m_username(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("Keep me signed in on this computer (system keychain)"), this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("signInDialog"));
    setWindowTitle(tr("Sign in"));
    m_intro->setTextFormat(Qt::PlainText);
    m_intro->setWordWrap(true);
    m_intro->setText(tr("Sign in to %1 with your agent name and password (an administrator sets "
                        "them with \"frontline agent password NAME\").")
                         .arg(server.toString(QUrl::RemoveUserInfo)));
    m_username->setObjectName(QStringLiteral("signInUsername"));
    m_username->setMaxLength(64);
    m_password->setObjectName(QStringLiteral("signInPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setMaxLength(1024);
    m_remember->setObjectName(QStringLiteral("signInRemember"));
    m_error->setObjectName(QStringLiteral("signInError"));
    m_error->setTextFormat(Qt::PlainText); // it may quote the server's answer
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #dc2626;"));
    m_error->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Sign in"));

    auto *form = new QFormLayout;
    form->addRow(tr("Agent"), m_username);
    form->addRow(tr("Password"), m_password);
    form->addRow(QString(), m_remember);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &SignInDialog::signIn);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(420);
}

void SignInDialog::setUsername(const QString &username)
{
    m_username->setText(username);
    if (!username.isEmpty())
        m_password->setFocus();
}

bool SignInDialog::remember() const
{
    return m_remember->isChecked();
}

void SignInDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->show();
    m_buttons->setEnabled(true);
    m_password->selectAll();
    m_password->setFocus();
}

void SignInDialog::signIn()
{
    const QString username = m_username->text().trimmed();
    if (username.isEmpty() || m_password->text().isEmpty()) {
        showError(tr("Enter your agent name and your password."));
        if (username.isEmpty())
            m_username->setFocus();
        return;
    }
    m_buttons->setEnabled(false); // one attempt at a time: each one counts against the limit
    m_error->hide();
    m_client->post(QStringLiteral("/api/agent/login"),
        { { QStringLiteral("username"), username },
            { QStringLiteral("password"), m_password->text() } },
        [this](const ApiResult &result) {
            if (result.status == 401) {
                showError(tr("That agent name and password do not match. Check them, or ask "
                             "an administrator to set a new password."));
                return;
            }
            if (!result.ok()) {
                // 429 says when to try again; a network failure says why it could not reach.
                showError(tr("Not signed in: %1").arg(result.errorText));
                return;
            }
            const QString token = result.body.value(QStringLiteral("token")).toString();
            if (token.isEmpty()) {
                showError(tr("The server answered without a token: is it a Frontline server?"));
                return;
            }
            m_password->clear();
            Q_EMIT signedIn(token, result.body.value(QStringLiteral("displayName")).toString());
            accept();
        });
}

} // namespace frontline::ui
