// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

class QLabel;
class QPushButton;
class QToolButton;

namespace frontline::ui {

// A strip across the window when a customer starts waiting for a human, for the agent who is
// looking at the console rather than at the desktop's notifications: who, why, and Open.
// It goes when that conversation is opened, when nobody waits any more, or when dismissed.
// Plain text only: the name is the customer's own.
class WaitingBanner final : public QFrame
{
    Q_OBJECT
public:
    explicit WaitingBanner(QWidget *parent = nullptr);

    // `reason` is the short "asked for a human"; `waiting` how many wait in all.
    void showCustomer(
        const QString &sessionId, const QString &customer, const QString &reason, int waiting);
    void setWaitingCount(int waiting); // hides at 0
    // A conversation handed to this agent: `text` says who and whose ("Marie transferred
    // Dubois to you."), Open opens it.
    void showTransfer(const QString &sessionId, const QString &text);
    // The agent opened a conversation: if it is this one, the banner has done its job.
    void sessionOpened(const QString &sessionId);
    QString sessionId() const { return m_sessionId; }
    QString text() const;

Q_SIGNALS:
    void openClicked(const QString &sessionId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void showText();
    void dismiss();

    QString m_sessionId;
    QString m_customer;
    QString m_reason;
    QString m_transfer; // shown instead of who waits while set
    int m_waiting = 0;
    QLabel *m_text;
    QPushButton *m_open;
    QToolButton *m_dismiss;
};

} // namespace frontline::ui
