// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/store.h"
#include "store/storeworkers.h"

#include <QObject>

#include <functional>
#include <memory>

namespace frontline {

class LiveHub;
class MailComposer;
class ResumeLinks;

// A conversation resumed from an e-mail's link.
struct ResumedSession
{
    ChatSession session;
    QString token; // the session's new token, given once; only its hash is stored
};

// What a customer asks of e-mail (issue 20): to come back to a conversation by the link of a
// reply e-mail (POST /api/chat/resume), and to get the transcript (POST /api/chat/transcript).
// Runs on the backend thread, its store work on the writer; answers through `done` or
// `failed`, and throws at once what is wrong with the request itself.
class CustomerMail final : public QObject
{
    Q_OBJECT
public:
    // `composer` null: e-mail is not configured (the transcript is refused, 409).
    CustomerMail(StoreWorkers &store, LiveHub &hub, std::shared_ptr<const ResumeLinks> links,
        std::shared_ptr<const MailComposer> composer, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(CustomerMail)

    // Throws DomainError Conflict `mail_unavailable` when e-mail is not configured.
    void requireMail() const;
    // Throws DomainError InvalidInput `email` for a given address (not empty) that is none,
    // saying so in the customer's language (`locale`).
    static void checkAddress(const QString &email, const QString &locale);

    // The session a resume link names, with a new token: the old one, in whatever browser or
    // mailbox it was, opens it no more. Never makes a session. DomainError: 403 invalid_link
    // (altered, or the session is gone), 410 link_expired.
    void resume(
        const QString &link, std::function<void(const ResumedSession &)> done, StoreFailure failed);
    // Queues the conversation as the customer saw it (no note) to `email`, kept on the session
    // when given, else to the session's address. DomainError: 400 `email` (none, or not an
    // address), 409 mail_unavailable.
    void transcript(const ChatSession &session, const QString &email,
        std::function<void(const OutboxMail &)> done, StoreFailure failed);

    // The most messages a transcript holds (the newest are kept out beyond them).
    static constexpr int MaxTranscriptMessages = 2000;

private:
    StoreWorkers &m_store;
    LiveHub &m_hub;
    std::shared_ptr<const ResumeLinks> m_links;
    std::shared_ptr<const MailComposer> m_composer;
};

} // namespace frontline
