// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline::chattexts {

// The server's own words to customers, in the session's locale (French or English for
// now; anything else gets English).
bool isFrench(const QString &locale);
QString welcome(const QString &locale);
QString handoffRequested(const QString &locale);
// The assistant failed: a human will answer instead.
QString assistantUnavailable(const QString &locale);
// The conversation used up what the assistant may answer: a human takes over.
QString assistantLimitReached(const QString &locale);

} // namespace frontline::chattexts
