// SPDX-License-Identifier: GPL-3.0-or-later
#include "sanitizer.h"

#include "core/translations.h"

#include <QCoreApplication>
#include <QStringList>

namespace frontline {

namespace {

// A refusal's sentence, in the process's language or, given one, in `language`.
QString refusal(const QString &language, const char *sentence, int n = -1)
{
    return translateFor(language, "Sanitizer", sentence, n);
}

bool isRemoved(char32_t c)
{
    if (c == U'\n' || c == U'\t')
        return false;
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) // Cc
        return true;
    if ((c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069)) // bidi embeddings, overrides, isolates
        return true;
    if (c == 0xFEFF) // byte-order mark / zero-width no-break space
        return true;
    if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE) // noncharacters
        return true;
    return false;
}

// Whether anything would show: a character that is not a space of any kind and not an
// invisible format character (zero-width space, joiners, marks of direction, soft hyphen...).
// Those are kept inside text, where scripts and emoji need them, but are not a message alone.
bool hasVisibleCharacter(const QString &text)
{
    for (const uint c : text.toUcs4()) {
        switch (QChar::category(c)) {
        case QChar::Separator_Space:
        case QChar::Separator_Line:
        case QChar::Separator_Paragraph:
        case QChar::Other_Format:
            break;
        default:
            if (!QChar::isSpace(c) && c != 0x115F && c != 0x1160 && c != 0x3164
                && c != 0xFFA0) // Hangul fillers
                return true;
        }
    }
    return false;
}

bool isBlank(const QString &line)
{
    for (QChar c : line) {
        if (c != QLatin1Char(' ') && c != QLatin1Char('\t'))
            return false;
    }
    return true;
}

} // namespace

Sanitizer::Sanitizer(SanitizerLimits limits)
    : m_limits(limits)
{
}

QString Sanitizer::singleLine(QStringView input, qsizetype maxLength)
{
    QString line;
    line.reserve(std::min(input.size(), maxLength));
    for (const char32_t c : input.toUcs4()) {
        if (c == U'\t' || c == U'\n' || c == U'\r' || c == 0x2028 || c == 0x2029) {
            line += QLatin1Char(' ');
            continue;
        }
        const QChar::Category category = QChar::category(c);
        if (isRemoved(c) || category == QChar::Other_Control || category == QChar::Other_Format
            || category == QChar::Other_Surrogate)
            continue;
        const QString character = QString::fromUcs4(&c, 1);
        if (line.size() + character.size() > maxLength)
            break;
        line += character;
    }
    return line.trimmed();
}

SanitizedText Sanitizer::clean(const QString &input, const QString &language) const
{
    SanitizedText result;
    if (!QStringView(input).isValidUtf16()) {
        result.error = refusal(language,
            QT_TRANSLATE_NOOP(
                "Sanitizer", "The message is not valid Unicode text; send it as UTF-8."));
        return result;
    }

    // Invisible characters go first and normalization comes after: removing a control
    // character between two combining marks would otherwise leave them out of canonical
    // order, and cleaning the cleaned text would change it again.
    QString visible;
    visible.reserve(input.size());
    const QList<uint> codePoints = input.toUcs4();
    for (qsizetype i = 0; i < codePoints.size(); ++i) {
        const char32_t c = codePoints.at(i);
        if (c == U'\r') {
            visible.append(QLatin1Char('\n'));
            if (i + 1 < codePoints.size() && codePoints.at(i + 1) == U'\n')
                ++i;
            continue;
        }
        if (!isRemoved(c))
            visible.append(QStringView(QChar::fromUcs4(c)));
    }
    const QString text = visible.normalized(QString::NormalizationForm_C);

    // Trim, and keep at most one blank line between two lines of text.
    QStringList lines = text.trimmed().split(QLatin1Char('\n'));
    QStringList kept;
    kept.reserve(lines.size());
    for (const QString &line : lines) {
        if (isBlank(line)) {
            if (!kept.isEmpty() && !kept.constLast().isEmpty())
                kept.append(QString());
        } else {
            kept.append(line);
        }
    }
    result.text = kept.join(QLatin1Char('\n'));

    const qsizetype length = result.text.toUcs4().size();
    if (length == 0 || !hasVisibleCharacter(result.text)) {
        result.error = refusal(language,
            QT_TRANSLATE_NOOP("Sanitizer",
                "The message is empty after removing invisible characters; type some text."));
        return result;
    }
    if (length < m_limits.minLength) {
        result.error = refusal(language,
            QT_TRANSLATE_N_NOOP(
                "Sanitizer", "The message is shorter than %n character(s); write a little more."),
            int(m_limits.minLength));
        return result;
    }
    if (length > m_limits.maxLength) {
        result.error = refusal(language,
            QT_TRANSLATE_N_NOOP(
                "Sanitizer", "The message is longer than %n character(s); shorten it."),
            int(m_limits.maxLength));
        return result;
    }
    result.ok = true;
    result.changed = result.text != input;
    return result;
}

} // namespace frontline
