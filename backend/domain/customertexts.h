// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline::customertexts {

// The server's own words to customers, in the session's locale (French or English for
// now; anything else gets English). They follow the customer's language, not the server's,
// so they are not tr() texts; the chat page translates only the texts it shows by itself
// (resources/web/texts.js), and shows these as the server sends them.
bool isFrench(const QString &locale);
QString welcome(const QString &locale);
QString handoffRequested(const QString &locale);
// The assistant failed: a human will answer instead.
QString assistantUnavailable(const QString &locale);
// The conversation used up what the assistant may answer: a human takes over.
QString assistantLimitReached(const QString &locale);
// The display name customers see when the administrator (FRONTLINE_ADMIN_TOKEN, the
// console's own sign-in) answers them and no name was set for them: the team rather than a
// person, so it is translated, unlike a name an administrator sets.
QString administratorName(const QString &locale);

} // namespace frontline::customertexts
