// SPDX-License-Identifier: GPL-3.0-or-later
#include "mailoutbox.h"

#include "core/logging.h"
#include "live/livehub.h"
#include "mail/mailmessage.h"
#include "store/store.h"

#include <QCoreApplication>

#include <algorithm>

namespace frontline {

MailOutbox::MailOutbox(StoreWorkers &store, LiveHub &hub, Options options,
    std::shared_ptr<const Clock> clock, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hub(hub)
    , m_options(std::move(options))
    , m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
    , m_lease(2 * (m_options.smtp.connectTimeout + m_options.smtp.totalTimeout))
    , m_onThread(std::make_unique<QObject>())
{
    m_thread.setObjectName(QStringLiteral("frontline-mail"));
    m_onThread->moveToThread(&m_thread);
    m_thread.start();
    connect(&m_hub, &LiveHub::mailChanged, this, &MailOutbox::mailChanged);
    m_periodic.setInterval(m_options.checkInterval);
    connect(&m_periodic, &QTimer::timeout, this, &MailOutbox::wake);
    m_periodic.start();
    wake(); // what an earlier run left queued
}

MailOutbox::~MailOutbox()
{
    // The mail in hand is sent to the end (curl's timeouts bound it); the sends posted after
    // it, none since one goes at a time, would be dropped with the thread's queue.
    m_thread.quit();
    m_thread.wait();
    // Its outcome, posted by the thread as it ended, goes to the writer now (which runs what
    // it was given before it stops): a mail that went is recorded sent, not sent again.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

std::chrono::milliseconds MailOutbox::backoffAfter(int attempts, const Options &options)
{
    std::chrono::milliseconds delay = options.retryBase;
    for (int i = 1; i < attempts && delay < options.retryCeiling; ++i)
        delay *= 2;
    return std::min(delay, options.retryCeiling);
}

MailOutcome MailOutbox::outcomeOf(const OutboxMail &claimed, const mail::SendResult &result,
    const Options &options, const QDateTime &now)
{
    if (result.ok)
        return { MailOutcome::Kind::Sent, {}, {} };
    if (result.messageRefused)
        return { MailOutcome::Kind::Failed, {}, result.message };
    // How long it has been retrying by the backoff's schedule: the attempts are counted from
    // when the row was queued (again, after an agent's retry), which the row does not date.
    std::chrono::milliseconds retried { 0 };
    for (int attempt = 1; attempt <= claimed.attempts; ++attempt)
        retried += backoffAfter(attempt, options);
    if (retried >= options.giveUpAfter) {
        const qint64 hours
            = std::chrono::duration_cast<std::chrono::hours>(options.giveUpAfter).count();
        return { MailOutcome::Kind::Failed, {},
            QCoreApplication::translate("MailOutbox", "given up after %1 hours of retries: %2")
                .arg(hours)
                .arg(result.message) };
    }
    return { MailOutcome::Kind::Retry,
        now.addMSecs(backoffAfter(claimed.attempts, options).count()), result.message };
}

void MailOutbox::wake()
{
    if (m_busy) {
        m_again = true;
        return;
    }
    claim();
}

void MailOutbox::mailChanged(const OutboxMail &mail)
{
    // A row queued here or on another node (a new mail, an agent's retry) goes at once; a
    // retry's later attempt waits for its time.
    if (mail.state == MailState::Queued && mail.nextAttemptAt <= m_clock->now())
        wake();
}

void MailOutbox::claim()
{
    m_busy = true;
    m_again = false;
    m_store.write(
        this,
        [node = m_options.node, lease = m_lease](
            Store &store) { return store.claimDueMails(node, 1, lease); },
        [this](const QList<OutboxMail> &claimed) {
            if (claimed.isEmpty()) {
                idle();
                return;
            }
            Q_EMIT m_hub.mailChanged(claimed.first());
            send(claimed.first());
        },
        [this](std::exception_ptr error) {
            qCWarning(lcMail, "The outbox could not claim mail: %s",
                qUtf8Printable(storeErrorOf(error).message()));
            idle();
        });
}

void MailOutbox::send(const OutboxMail &claimed)
{
    mail::MailMessage message;
    message.from = m_options.from;
    message.to = { claimed.recipient, claimed.recipientName };
    message.subject = claimed.subject;
    message.text = claimed.text;
    message.html = claimed.html;
    message.messageId = claimed.messageId; // the same on every attempt
    // On the mail thread: it blocks until the server has answered. `this` outlives the thread
    // (the destructor waits for it), so the outcome can be posted back to it.
    QMetaObject::invokeMethod(
        m_onThread.get(), [this, claimed, message, sender = mail::SmtpSender(m_options.smtp)] {
            const mail::SendResult result = sender.send(message);
            QMetaObject::invokeMethod(
                this, [this, claimed, result] { finish(claimed, result); }, Qt::QueuedConnection);
        });
}

void MailOutbox::finish(const OutboxMail &claimed, const mail::SendResult &result)
{
    const MailOutcome outcome = outcomeOf(claimed, result, m_options, m_clock->now());
    if (outcome.kind == MailOutcome::Kind::Sent)
        qCInfo(lcMail, "Mail %lld sent to the mail server", claimed.id);
    m_store.write(
        this,
        [id = claimed.id, node = m_options.node, outcome](
            Store &store) { return store.finishMail(id, node, outcome); },
        [this, id = claimed.id](const std::optional<OutboxMail> &finished) {
            if (finished)
                Q_EMIT m_hub.mailChanged(*finished);
            else
                qCWarning(lcMail,
                    "Mail %lld was no longer this node's claim when it was done (the claim ran "
                    "out): the node that holds it now records it",
                    id);
            // The next one may be waiting already.
            m_busy = false;
            claim();
        },
        [this, id = claimed.id](std::exception_ptr error) {
            // The row stays claimed until its lease runs out, then goes again (the same
            // Message-ID: one message to the recipient).
            qCWarning(lcMail, "The outcome of mail %lld could not be stored: %s", id,
                qUtf8Printable(storeErrorOf(error).message()));
            idle();
        });
}

void MailOutbox::idle()
{
    m_busy = false;
    if (std::exchange(m_again, false))
        claim();
}

} // namespace frontline
