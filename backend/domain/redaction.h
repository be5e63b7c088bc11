// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline {

// `text` with what identifies a person replaced before it is sent to an AI provider
// (FRONTLINE_AI_REDACT): e-mail addresses by "[email]", card numbers (13 to 19 digits, spaces
// or dashes between groups, passing the Luhn check) by "[card]", phone numbers (8 to 15
// digits, an optional leading +, spaces, dots, dashes or parentheses between groups) by
// "[phone]". Anything else (order numbers in words, dates, prices, short numbers) is kept.
QString redactPersonalData(const QString &text);

// Whether `digits` (ASCII digits only) passes the Luhn check card numbers carry.
bool passesLuhn(const QString &digits);

} // namespace frontline
