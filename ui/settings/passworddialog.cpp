// SPDX-License-Identifier: GPL-3.0-or-later
#include "passworddialog.h"

#include "agents/agentaccounts.h"
#include "domain/domainerror.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace frontline::ui {

namespace {

QLineEdit *passwordField(const QString &objectName, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setEchoMode(QLineEdit::Password);
    edit->setMaxLength(1024); // what the server reads
    return edit;
}

} // namespace

PasswordDialog::PasswordDialog(QWidget *parent)
    : QDialog(parent)
    , m_current(passwordField(QStringLiteral("currentPassword"), this))
    , m_new(passwordField(QStringLiteral("newPassword"), this))
    , m_repeat(passwordField(QStringLiteral("repeatPassword"), this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Change password"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    // An agent made by 'frontline agent add' signs in with its token and has none yet.
    m_current->setPlaceholderText(tr("Empty if you have none yet"));
    form->addRow(tr("Current password"), m_current);
    form->addRow(tr("New password"), m_new);
    form->addRow(tr("Repeat the new password"), m_repeat);
    layout->addLayout(form);
    m_error->setObjectName(QStringLiteral("passwordError"));
    m_error->setTextFormat(Qt::PlainText); // the server's words, shown as they are
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PasswordDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &PasswordDialog::reject);
    // Nothing of them stays in memory longer than the dialog is open.
    connect(this, &QDialog::finished, this, [this] {
        m_current->clear();
        m_new->clear();
        m_repeat->clear();
    });
}

void PasswordDialog::showError(const QString &error)
{
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
}

QString PasswordDialog::error() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void PasswordDialog::succeeded()
{
    QDialog::accept();
}

void PasswordDialog::accept()
{
    if (m_new->text() != m_repeat->text()) {
        showError(tr("The new password and its repetition differ; type it twice the same."));
        m_repeat->setFocus();
        return;
    }
    try {
        // The server's own rule, so that the dialog says it before a round trip.
        AgentAccounts::checkNewPassword(m_new->text(), QStringLiteral("newPassword"));
    } catch (const DomainError &) {
        showError(tr("The new password is too short: use at least 10 characters."));
        m_new->setFocus();
        return;
    }
    showError(QString());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false); // until the server answers
    Q_EMIT submitted(m_current->text(), m_new->text());
}

} // namespace frontline::ui
