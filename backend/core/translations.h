// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline {

// Installs Frontline's translation (compiled into the binary) and Qt's own for `language`
// ("fr", "en"; empty: the system's), replacing any installed before. English is the source
// language: its file only gives the plural forms ("1 second", "2 seconds"), and it is what
// any language Frontline does not speak gets. Needs the application object.
void installTranslations(const QString &language);

// The language installTranslations() chose: "fr", or "en" for the source texts.
QString installedLanguage();

} // namespace frontline
