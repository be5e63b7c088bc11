// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace frontline::testsupport {

// The Big List of Naughty Strings from shared/corpora (read there, never copied into the
// project). Empty when the file is not beside the repository: callers QSKIP then, or QFAIL
// in CI, where it must be.
QStringList hostileStrings();

} // namespace frontline::testsupport

// In a test function: the corpus, or QSKIP / QFAIL (in CI) when it is missing.
#define FRONTLINE_FETCH_HOSTILE_STRINGS(variable)                                                  \
    const QStringList variable = frontline::testsupport::hostileStrings();                         \
    if (variable.isEmpty()) {                                                                      \
        if (qEnvironmentVariable("CI") == QLatin1String("true"))                                   \
            QFAIL("The hostile-strings corpus shared/corpora/blns/blns.json is missing");          \
        QSKIP("shared/corpora/blns/blns.json is not beside the repository");                       \
    }
