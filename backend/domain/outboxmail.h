// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace frontline {

// Why an e-mail is sent (mail_outbox.kind).
enum class MailKind {
    Reply, // agents' replies to a customer who left ("reply")
    Transcript, // the conversation, asked for by the customer ("transcript")
    OperatorCopy, // a closed conversation, to the operator's address ("copy")
};

// Where an e-mail stands (mail_outbox.state).
enum class MailState {
    Queued, // waiting for its next attempt (nextAttemptAt), perhaps after a failure (lastError)
    Sending, // claimed by a node's outbox worker
    Sent,
    Failed, // given up (lastError says why); an agent may queue it again
};

QString mailKindName(MailKind kind); // "reply", "transcript", "copy"
std::optional<MailKind> mailKindFromName(const QString &name);
QString mailStateName(MailState state); // "queued", "sending", "sent", "failed"
std::optional<MailState> mailStateFromName(const QString &name);

// An e-mail to queue, composed (in the customer's language) before it is written: the row
// holds exactly what will be sent, so that sending it again after a crash sends the same.
struct NewMail
{
    QString sessionId; // empty: about no conversation
    MailKind kind = MailKind::Reply;
    QString recipient; // an address isMailAddress accepts
    QString recipientName;
    QString subject;
    QString text; // the text/plain part
    QString html; // the text/html part
    qint64 firstSeq = 0; // the messages it carries (kind Reply): first and last seq
    qint64 lastSeq = 0;
};

// One row of the outbox.
struct OutboxMail
{
    qint64 id = 0;
    QString sessionId;
    MailKind kind = MailKind::Reply;
    QString messageId; // the Message-ID header, without angle brackets
    QString recipient;
    QString recipientName;
    QString subject;
    QString text;
    QString html;
    qint64 firstSeq = 0;
    qint64 lastSeq = 0;
    MailState state = MailState::Queued;
    int attempts = 0;
    QDateTime nextAttemptAt;
    QString lastError; // the last failure, in words for agents; empty if none
    QDateTime createdAt;
    QDateTime sentAt; // null until sent

    friend bool operator==(const OutboxMail &, const OutboxMail &) = default;
};

// What became of one attempt to send a claimed mail (Store::finishMail).
struct MailOutcome
{
    enum class Kind {
        Sent, // the server took it: 'sent', sent_at now
        Retry, // it may go later: 'queued' again at nextAttemptAt, error kept as last_error
        Failed, // it never will: 'failed', error kept as last_error
    };
    Kind kind = Kind::Sent;
    QDateTime nextAttemptAt; // Retry
    QString error; // Retry and Failed: why, in words for agents
};

// Which rows of the outbox to list (Store::mails), newest first.
struct MailFilter
{
    std::optional<MailState> state; // nullopt: every state
    int limit = 50;
    int offset = 0;
};

} // namespace frontline
