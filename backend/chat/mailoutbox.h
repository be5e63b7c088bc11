// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"
#include "domain/mailaddress.h"
#include "domain/outboxmail.h"
#include "mail/smtpsender.h"
#include "mail/smtpsettings.h"
#include "store/storeworkers.h"

#include <QObject>
#include <QThread>
#include <QTimer>

#include <chrono>
#include <memory>

namespace frontline {

class LiveHub;

// Sends the e-mail outbox (mail_outbox, migration 0021): claims one due row at a time on the
// store's writer, sends it with mail::SmtpSender on a thread of its own (SMTP blocks for
// seconds: never on the backend thread, never on a store worker), then records the outcome on
// the writer. Every change of a row is announced on the hub (LiveHub::mailChanged).
//
// It looks for due rows when the hub shows a row queued and due (a new mail goes at once),
// after each mail it sent (the next may be waiting), and every checkInterval (retries, rows
// another process wrote). A failure the server or the network may get over (unreachable, a
// 4xx, a timeout, refused credentials or sender: the configuration's, fixed by an operator)
// queues the row again after a backoff, retryBase doubling up to retryCeiling, its last_error
// saying why: nothing is lost and agents see it. A refusal of this message (5xx to RCPT or
// DATA) fails it at once; retrying for giveUpAfter fails it too. Every attempt sends the row's
// own Message-ID, so that a message sent again after a crash is one message to the recipient.
//
// Made by server/backend.cpp only when SMTP is configured. Lives on the backend thread.
class MailOutbox final : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString node; // this process among the nodes (claimed_by)
        mail::SmtpSettings smtp;
        Mailbox from;
        std::chrono::milliseconds retryBase { 5000 };
        std::chrono::milliseconds retryCeiling { 10 * 60 * 1000 };
        std::chrono::milliseconds giveUpAfter { 48LL * 3600 * 1000 };
        std::chrono::milliseconds checkInterval { 5000 };
    };

    MailOutbox(StoreWorkers &store, LiveHub &hub, Options options,
        std::shared_ptr<const Clock> clock, QObject *parent = nullptr);
    // Waits for the mail being sent, if any (at most the SMTP total timeout), and hands its
    // outcome to the store's writer, so that a mail that went is not sent again.
    ~MailOutbox() override;
    Q_DISABLE_COPY_MOVE(MailOutbox)

    // What one attempt's result makes of `claimed` (its attempts counting this one) at `now`:
    // sent, queued again after the backoff, or failed.
    static MailOutcome outcomeOf(const OutboxMail &claimed, const mail::SendResult &result,
        const Options &options, const QDateTime &now);
    // How long before attempt `attempts` + 1: retryBase doubling, up to retryCeiling.
    static std::chrono::milliseconds backoffAfter(int attempts, const Options &options);

    // Looks for due rows now (or as soon as the mail in hand is done).
    void wake();

private:
    void mailChanged(const OutboxMail &mail);
    void claim();
    void send(const OutboxMail &claimed);
    void finish(const OutboxMail &claimed, const mail::SendResult &result);
    void idle();

    StoreWorkers &m_store;
    LiveHub &m_hub;
    Options m_options;
    std::shared_ptr<const Clock> m_clock;
    // The lease of a claim: longer than one attempt can take (curl's timeouts), so that a
    // claim runs out only when its node died or hung, and another node then sends the row.
    std::chrono::milliseconds m_lease;
    QTimer m_periodic;
    bool m_busy = false; // a claim, a send or a finish in hand: one mail at a time
    bool m_again = false; // woken meanwhile: look again when done
    QThread m_thread; // where SmtpSender runs
    std::unique_ptr<QObject> m_onThread; // lives on m_thread: the sends are posted to it
};

} // namespace frontline
