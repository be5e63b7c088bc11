// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"
#include "store/storeworkers.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>

namespace frontline {

class CustomerActivity;
class LiveHub;
class MailComposer;
class ResumeLinks;

// E-mails agents' replies to customers who left (issue 20): every interval, one store write
// finds the sessions whose customer gave an e-mail address and has shown no sign for
// `emailAfter`, with agents' replies they have neither seen nor been mailed
// (Store::repliesToMail), writes one mail per session holding those replies and the link that
// resumes the conversation (MailComposer, ResumeLinks), and queues it (Store::queueMail, which
// raises the session's mailed_through_seq in the same transaction: whichever node sweeps, a
// reply goes out once). The outbox worker sends it; the hub hears of each row queued. Made by
// server/backend.cpp when e-mail is configured.
class ReplyMailer final : public QObject
{
    Q_OBJECT
public:
    // Replies older than this are never mailed: a server upgraded to e-mail, or that had none
    // for a while, does not send customers what agents wrote long ago.
    static constexpr std::chrono::hours MaxReplyAge { 24 };
    // Sessions mailed in one sweep at most; the next sweep takes the rest.
    static constexpr int SessionsPerSweep = 50;

    ReplyMailer(StoreWorkers &store, LiveHub &hub, CustomerActivity &activity,
        std::shared_ptr<const MailComposer> composer, std::shared_ptr<const ResumeLinks> links,
        std::shared_ptr<const Clock> clock, std::chrono::milliseconds emailAfter,
        std::chrono::milliseconds interval, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ReplyMailer)

    // One sweep now (the timer's); a sweep asked for while one runs is skipped.
    void sweep();

Q_SIGNALS:
    // A sweep ended, having queued this many mails (for tests and logs).
    void swept(int queued);

private:
    StoreWorkers &m_store;
    LiveHub &m_hub;
    CustomerActivity &m_activity;
    std::shared_ptr<const MailComposer> m_composer;
    std::shared_ptr<const ResumeLinks> m_links;
    std::shared_ptr<const Clock> m_clock;
    std::chrono::milliseconds m_emailAfter;
    QTimer m_timer;
    bool m_sweeping = false;
};

} // namespace frontline
