// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any bytes as a customer's message. The sanitizer never crashes, what it
// accepts is within its limits, without control or bidi-override characters, and cleaning
// its own output changes nothing.
#include "security/sanitizer.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const frontline::Sanitizer sanitizer({ 1, 2000 });
    const QString input
        = QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const frontline::SanitizedText once = sanitizer.clean(input);
    if (!once.ok)
        return 0;
    if (once.text.isEmpty() || once.text.size() > 2000 * 2)
        std::abort();
    for (const QChar c : once.text) {
        const char16_t u = c.unicode();
        const bool control = (u < 0x20 && u != u'\n' && u != u'\t') || u == 0x7f;
        const bool bidiOverride = (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069);
        if (control || bidiOverride)
            std::abort();
    }
    const frontline::SanitizedText twice = sanitizer.clean(once.text);
    if (!twice.ok || twice.text != once.text)
        std::abort();
    return 0;
}
