// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/mailaddress.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace frontline::mail {

// One e-mail to one recipient, as the outbox keeps it.
struct MailMessage
{
    Mailbox from;
    Mailbox to;
    QString subject;
    QString text; // the text/plain part
    QString html; // the text/html part; empty: the message is text/plain alone
    // Given by the caller and kept with the outbox row, so that a message sent twice after a
    // crash is one message to the recipient's software: "local@domain", no angle brackets.
    QString messageId;
    QDateTime date; // invalid: now
};

// A Message-ID for a message from `fromAddress`: random, at the sender's domain.
QString makeMessageId(const QString &fromAddress);

// `message` as the bytes an SMTP server receives (RFC 5322 and MIME, CRLF line ends):
// From, To, Subject, Date, Message-ID, MIME-Version, then a multipart/alternative of the
// text and the HTML in UTF-8, quoted-printable (the text alone when there is no HTML).
// Names and the subject lose their control characters (line breaks and tabs become spaces),
// so nothing in them can ever start a header of its own, and are RFC 2047-encoded when not
// plain ASCII; header lines are folded under 78 characters. Throws DomainError (invalid input,
// naming "from", "to" or "messageId") when an address or the Message-ID is not valid by
// isMailAddress.
QByteArray renderMime(const MailMessage &message);

// `text` without control characters: line breaks and tabs (and U+2028, U+2029) become a
// space, the others go, runs of spaces are one, the ends trimmed. What a header keeps of a name
// or a subject.
QString neutralisedHeaderText(const QString &text);

} // namespace frontline::mail
