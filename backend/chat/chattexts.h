// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline::chattexts {

// The server's own words to customers, in the session's locale (French or English for
// now; anything else gets English).
bool isFrench(const QString &locale);
QString welcome(const QString &locale);
QString handoffRequested(const QString &locale);

} // namespace frontline::chattexts
