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

// `sourceText` of `context` in `language` ("fr"; anything else gets English), whatever the
// language installed: for what a customer reads in the language of their conversation; an
// empty `language` is the one installed (QCoreApplication::translate). `n` fills "%n" in a
// plural form, as QCoreApplication::translate() does. Any thread.
QString translateFor(
    const QString &language, const char *context, const char *sourceText, int n = -1);

} // namespace frontline
