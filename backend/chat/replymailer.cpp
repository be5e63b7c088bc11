// SPDX-License-Identifier: GPL-3.0-or-later
#include "replymailer.h"

#include "core/logging.h"
#include "customeractivity.h"
#include "domain/mailaddress.h"
#include "live/livehub.h"
#include "mailcomposer.h"
#include "resumelinks.h"
#include "store/store.h"

namespace frontline {

ReplyMailer::ReplyMailer(StoreWorkers &store, LiveHub &hub, CustomerActivity &activity,
    std::shared_ptr<const MailComposer> composer, std::shared_ptr<const ResumeLinks> links,
    std::shared_ptr<const Clock> clock, std::chrono::milliseconds emailAfter,
    std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hub(hub)
    , m_activity(activity)
    , m_composer(std::move(composer))
    , m_links(std::move(links))
    , m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
    , m_emailAfter(emailAfter)
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &ReplyMailer::sweep);
    m_timer.start();
}

void ReplyMailer::sweep()
{
    if (m_sweeping)
        return;
    m_sweeping = true;
    // Written before the sweep on the same writer: a customer seen a moment ago is not taken
    // for gone.
    m_activity.flush();
    const QDateTime now = m_clock->now();
    const QDateTime inactiveBefore = now.addMSecs(-m_emailAfter.count());
    const QDateTime repliesSince
        = now.addMSecs(-std::chrono::duration_cast<std::chrono::milliseconds>(MaxReplyAge).count());
    // A compile-time constant, so the lambda below uses it without capturing it.
    constexpr int linkDays
        = int(std::chrono::duration_cast<std::chrono::hours>(ResumeLinks::Lifetime).count() / 24);
    m_store.write(
        this,
        [composer = m_composer, links = m_links, inactiveBefore, repliesSince](Store &store) {
            QList<OutboxMail> queued;
            for (const RepliesToMail &due :
                store.repliesToMail(inactiveBefore, repliesSince, SessionsPerSweep)) {
                // Addresses given before they were checked as strictly as now stay unmailed.
                if (!isMailAddress(due.session.customerEmail))
                    continue;
                const NewMail mail = composer->reply(
                    due.session, due.replies, links->url(due.session.id), linkDays);
                try {
                    if (const auto row = store.queueMail(mail, composer->newMessageId()))
                        queued.append(*row);
                } catch (const StoreError &error) {
                    if (error.kind() != StoreError::Kind::NotFound)
                        throw;
                    // Deleted meanwhile: nothing to mail.
                }
            }
            return queued;
        },
        [this](const QList<OutboxMail> &queued) {
            m_sweeping = false;
            for (const OutboxMail &mail : queued) {
                qCInfo(lcBackend, "Replies %lld to %lld of session %s e-mailed (mail %lld)",
                    mail.firstSeq, mail.lastSeq, qUtf8Printable(mail.sessionId), mail.id);
                Q_EMIT m_hub.mailChanged(mail);
            }
            Q_EMIT swept(int(queued.size()));
        },
        [this](const std::exception_ptr &error) {
            m_sweeping = false;
            try {
                std::rethrow_exception(error);
            } catch (const std::exception &e) {
                qCWarning(
                    lcBackend, "Could not e-mail replies to customers who left: %s", e.what());
            }
            Q_EMIT swept(0);
        });
}

} // namespace frontline
