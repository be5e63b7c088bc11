// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline {

struct SanitizerLimits
{
    int minLength = 1; // in Unicode code points, after cleaning
    int maxLength = 2000;
};

struct SanitizedText
{
    bool ok = false; // false: rejected, see error
    QString text; // the cleaned text when ok
    bool changed = false; // the cleaning changed something (stored as sanitized: true)
    QString error; // when !ok: what is wrong and what to do, in one sentence
};

// Cleans a chat message typed by a customer or an agent before it is stored. The text is
// kept as the person meant it — markup like <b> is text, never interpreted — minus what no
// reader can see but a renderer or a database could trip on: control characters, bidi
// overrides (which make text display in another order than it is stored), byte-order marks
// and noncharacters. Rules, in order:
//  1. valid Unicode (no unpaired surrogate) or rejected;
//  2. NFC normalisation; 3. CRLF and lone CR become LF;
//  4. remove Cc controls except LF and TAB, U+202A..U+202E, U+2066..U+2069, U+FEFF and
//     noncharacters; 5. trim; 6. at most one blank line in a row;
//  7. length within the limits.
class Sanitizer final
{
public:
    explicit Sanitizer(SanitizerLimits limits = {});

    // A refusal is worded in `language` ("fr", "en": the customer's, who reads it as it is),
    // or without one in the language of the process (for agents and the log).
    SanitizedText clean(const QString &input, const QString &language = {}) const;
    // Text a client sent about itself (a User-Agent), to show on one line as it is: every
    // control and format character removed (bidi overrides and isolates among them, which
    // would make it read in another order than it is stored), tabs and line breaks made
    // spaces, at most `maxLength` UTF-16 units. Never refuses.
    static QString singleLine(QStringView input, qsizetype maxLength);
    SanitizerLimits limits() const { return m_limits; }

private:
    SanitizerLimits m_limits;
};

} // namespace frontline
