// SPDX-License-Identifier: GPL-3.0-or-later
#include "outboxrow.h"

namespace frontline::sql {

OutboxMail readOutboxMail(const Row &row)
{
    OutboxMail mail;
    mail.id = row.value("id").toLongLong();
    mail.sessionId = row.text("session_id");
    mail.kind = mailKindFromName(row.text("kind")).value_or(MailKind::Reply);
    mail.messageId = row.text("message_id");
    mail.recipient = row.text("recipient");
    mail.recipientName = row.text("recipient_name");
    mail.subject = row.text("subject");
    mail.text = row.text("body_text");
    mail.html = row.text("body_html");
    mail.firstSeq = row.value("first_seq").toLongLong();
    mail.lastSeq = row.value("last_seq").toLongLong();
    mail.state = mailStateFromName(row.text("state")).value_or(MailState::Queued);
    mail.attempts = row.value("attempts").toInt();
    mail.nextAttemptAt = timeFrom(row.value("next_attempt_at"));
    mail.lastError = row.text("last_error");
    mail.createdAt = timeFrom(row.value("created_at"));
    mail.sentAt = timeFrom(row.value("sent_at"));
    return mail;
}

} // namespace frontline::sql
