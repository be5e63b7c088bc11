// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/chatmessage.h"
#include "domain/chatsession.h"
#include "domain/mailaddress.h"
#include "domain/outboxmail.h"

#include <QList>

namespace frontline {

// Writes the e-mails of a conversation, ready for the outbox (NewMail): an agent's replies to
// a customer who left (with the link that resumes the conversation), the transcript the
// customer asked for, and the operator's copy of a closed conversation. Each has a text and an
// HTML part saying the same, in the session's language (domain/mailtexts.cpp), signed with the
// operator's name: FRONTLINE_MAIL_FROM's name, else "Support". Every text that came from a
// customer or an agent is HTML-escaped in the HTML part, and names are neutralised as headers
// are (no line break survives). It is given messages and never looks for them: the callers
// give it what the customer may read (never a note). A value: const and thread-safe, it runs
// on the store workers.
class MailComposer
{
public:
    explicit MailComposer(Mailbox from);

    QString teamName() const { return m_team; }
    // A new Message-ID at the sender's domain, kept with the row it is made for.
    QString newMessageId() const;

    // `replies` (the agents', oldest first) to the session's e-mail address; `resumeUrl` is the
    // link back to the conversation. firstSeq and lastSeq are those of the replies.
    NewMail reply(const ChatSession &session, const QList<ChatMessage> &replies,
        const QString &resumeUrl, int linkDays) const;
    // The whole conversation as the customer saw it, to `to`.
    NewMail transcript(
        const ChatSession &session, const QList<ChatMessage> &messages, const QString &to) const;
    // The conversation for the operator's records, to `to` (FRONTLINE_MAIL_COPY_TO).
    NewMail operatorCopy(
        const ChatSession &session, const QList<ChatMessage> &messages, const QString &to) const;

private:
    enum class Reader { Customer, Operator };
    // Who wrote `message`, as `reader` is shown it.
    QString author(const ChatSession &session, const ChatMessage &message, Reader reader) const;
    // The messages as text and as HTML, one block each with its author and time.
    void appendMessages(const ChatSession &session, const QList<ChatMessage> &messages,
        Reader reader, QString &text, QString &html) const;

    Mailbox m_from;
    QString m_team;
};

} // namespace frontline
