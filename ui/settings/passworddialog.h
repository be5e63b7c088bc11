// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace frontline::ui {

// "Change password…": the current password, the new one twice. What the console can check
// (the two the same, the server's length rule) is said here at once; otherwise it emits
// submitted() and stays open until the server answers: showError() with its words, or
// succeeded(), which closes it. The passwords go nowhere else and are cleared on close.
class PasswordDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit PasswordDialog(QWidget *parent = nullptr);

    void showError(const QString &error);
    void succeeded();
    QString error() const;

    void accept() override;

Q_SIGNALS:
    void submitted(const QString &currentPassword, const QString &newPassword);

private:
    QLineEdit *m_current;
    QLineEdit *m_new;
    QLineEdit *m_repeat;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace frontline::ui
