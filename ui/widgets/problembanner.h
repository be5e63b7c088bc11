// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace frontline::ui {

// A strip across the top of the window for what stops the agent's work (not signed in, the
// server gone, the AI provider failing), with what to do about it: Retry, Settings. Hidden
// while all is well. Plain text only: a message may quote a server's answer.
class ProblemBanner final : public QFrame
{
    Q_OBJECT
public:
    explicit ProblemBanner(QWidget *parent = nullptr);

    // Shows `text`; Retry only where trying again can help, Sign in where a password can.
    void showProblem(const QString &text, bool canRetry, bool canSignIn = false);
    void clear();
    QString text() const; // "" while there is no problem

Q_SIGNALS:
    void retryClicked();
    void signInClicked();
    void settingsClicked();

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyIcons();

    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_retry;
    QPushButton *m_signIn;
    QPushButton *m_settings;
};

} // namespace frontline::ui
