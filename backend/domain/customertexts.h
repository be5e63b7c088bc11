// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace frontline::customertexts {

// The server's own words to customers, in the session's locale (French or English for
// now; anything else gets English). They follow the customer's language, not the server's,
// so they are not tr() texts; the chat page translates only the texts it shows by itself
// (resources/web/texts.js), and shows these as the server sends them.
bool isFrench(const QString &locale);
QString welcome(const QString &locale);
QString handoffRequested(const QString &locale);
// Asked for a human when nobody can answer now (issue 20): outside business hours, saying when
// the team is back (`back`, in the hours' `timeZone`; invalid when no opening is known), or
// within them with no agent online. The conversation waits for the team.
QString handoffOutsideHours(const QString &locale, const QDateTime &back, const QString &timeZone);
QString handoffNobodyOnline(const QString &locale);
// A customer's e-mail address refused (create-session, contact, transcript): next to the field.
QString notAnEmailAddress(const QString &locale);
// "Monday 14 December at 09:00 (Europe/Paris)", "lundi 14 décembre à 09:00 (Europe/Paris)".
QString whenTheTeamIsBack(const QString &locale, const QDateTime &back, const QString &timeZone);
// The assistant failed: a human will answer instead.
QString assistantUnavailable(const QString &locale);
// Grounded answers: the knowledge base holds nothing that answers the customer's question;
// a human can.
QString nothingInKnowledgeBase(const QString &locale);
// The conversation used up what the assistant may answer: a human takes over.
QString assistantLimitReached(const QString &locale);
// The display name customers see when the administrator (FRONTLINE_ADMIN_TOKEN, the
// console's own sign-in) answers them and no name was set for them: the team rather than a
// person, so it is translated, unlike a name an administrator sets.
QString administratorName(const QString &locale);

} // namespace frontline::customertexts
