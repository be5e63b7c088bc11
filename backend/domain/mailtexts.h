// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline::mailtexts {

// The words of the e-mails Frontline sends (chat/mailcomposer.cpp), in the conversation's
// language: French for a locale starting with "fr", English otherwise. Like the other texts
// customers read (customertexts.h) they follow the customer's language, not the server's, so
// they are no tr() texts. `team` is the operator's name (FRONTLINE_MAIL_FROM's, else "Support").

// An agent answered a customer who had left.
QString replySubject(const QString &locale, const QString &team);
QString replyIntro(const QString &locale, const QString &team);
QString resumeInvitation(const QString &locale); // followed by the link
QString linkLifetime(const QString &locale, int days);
// The transcript the customer asked for.
QString transcriptSubject(const QString &locale, const QString &team);
QString transcriptIntro(const QString &locale, const QString &team);
// The operator's copy of a closed conversation, about `customer` (a name, an address or "").
QString copySubject(const QString &locale, const QString &customer);
QString copyIntro(const QString &locale, const QString &sessionId);

// "Hello Anna," or "Hello," without a name.
QString greeting(const QString &locale, const QString &name);
QString signature(const QString &locale, const QString &team);
// Who wrote a message, where no name is known.
QString customerLabel(const QString &locale); // to the customer: "You"
QString customerLabelForOperator(const QString &locale); // "Customer"
QString assistantLabel(const QString &locale);
QString agentLabel(const QString &locale); // an agent without a display name
QString attachmentLabel(const QString &locale, const QString &filename);

} // namespace frontline::mailtexts
