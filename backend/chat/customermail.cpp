// SPDX-License-Identifier: GPL-3.0-or-later
#include "customermail.h"

#include "domain/customertexts.h"
#include "domain/domainerror.h"
#include "domain/mailaddress.h"
#include "live/livehub.h"
#include "mailcomposer.h"
#include "resumelinks.h"
#include "security/tokens.h"

#include <QCoreApplication>

namespace frontline {

CustomerMail::CustomerMail(StoreWorkers &store, LiveHub &hub,
    std::shared_ptr<const ResumeLinks> links, std::shared_ptr<const MailComposer> composer,
    QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hub(hub)
    , m_links(std::move(links))
    , m_composer(std::move(composer))
{
}

void CustomerMail::resume(
    const QString &link, std::function<void(const ResumedSession &)> done, StoreFailure failed)
{
    const QString sessionId = m_links->sessionOf(link); // throws 403 / 410
    const QString token = tokens::newToken();
    m_store.write(
        this,
        [sessionId, hash = tokens::hashToken(token)](Store &store) {
            const std::optional<ChatSession> session = store.rotateSessionToken(sessionId, hash);
            if (!session)
                throw DomainError::forbidden(QStringLiteral("invalid_link"),
                    QCoreApplication::translate("CustomerMail",
                        "This conversation no longer exists: start a new conversation."));
            return *session;
        },
        [this, token, done](const ChatSession &session) {
            // The session cache follows: the old token is refused from now on, here and on
            // the other nodes (the "session" cluster event).
            Q_EMIT m_hub.sessionChanged(session);
            done({ session, token });
        },
        std::move(failed));
}

void CustomerMail::requireMail() const
{
    if (!m_composer)
        throw DomainError::conflict(QStringLiteral("mail_unavailable"),
            QCoreApplication::translate("CustomerMail",
                "This server sends no e-mail (the operator has not set up a mail server): copy "
                "the conversation from the page instead."));
}

void CustomerMail::checkAddress(const QString &email, const QString &locale)
{
    if (!email.trimmed().isEmpty() && !isMailAddress(email.trimmed()))
        throw DomainError::refusedText(
            QStringLiteral("email"), customertexts::notAnEmailAddress(locale));
}

void CustomerMail::transcript(const ChatSession &session, const QString &email,
    std::function<void(const OutboxMail &)> done, StoreFailure failed)
{
    requireMail();
    const QString to = email.trimmed().isEmpty() ? session.customerEmail : email.trimmed();
    if (to.isEmpty())
        throw DomainError::invalidInput(QStringLiteral("email"),
            QCoreApplication::translate("CustomerMail",
                "is needed: this conversation has no e-mail address yet, send the one the "
                "transcript should go to."));
    checkAddress(to, session.locale);
    const bool keep = to != session.customerEmail;
    struct Queued
    {
        std::optional<ChatSession> changed; // the session with the address it was given
        OutboxMail mail;
    };
    m_store.write(
        this,
        [composer = m_composer, sessionId = session.id, to, keep](Store &store) {
            Queued queued;
            const std::optional<ChatSession> current
                = keep ? store.setCustomerEmail(sessionId, to) : store.session(sessionId);
            if (!current)
                throw DomainError::notFound(QCoreApplication::translate(
                    "CustomerMail", "This conversation no longer exists."));
            if (keep)
                queued.changed = current;
            // What the customer saw: never an agent's note.
            const QList<ChatMessage> messages
                = store.customerMessagesAfter(sessionId, 0, MaxTranscriptMessages);
            // Only a reply is ever held back by queueMail: a transcript is always queued.
            queued.mail = store
                              .queueMail(composer->transcript(*current, messages, to),
                                  composer->newMessageId())
                              .value();
            return queued;
        },
        [this, done](const Queued &queued) {
            if (queued.changed)
                Q_EMIT m_hub.sessionChanged(*queued.changed);
            Q_EMIT m_hub.mailChanged(queued.mail);
            done(queued.mail);
        },
        std::move(failed));
}

} // namespace frontline
