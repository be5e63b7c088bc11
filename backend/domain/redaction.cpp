// SPDX-License-Identifier: GPL-3.0-or-later
#include "redaction.h"

#include <QRegularExpression>

namespace frontline {

bool passesLuhn(const QString &digits)
{
    int sum = 0;
    bool twice = false;
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        const QChar c = digits.at(i);
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
        int digit = c.unicode() - '0';
        if (twice) {
            digit *= 2;
            if (digit > 9)
                digit -= 9;
        }
        sum += digit;
        twice = !twice;
    }
    return !digits.isEmpty() && sum % 10 == 0;
}

namespace {

QString digitsOf(const QString &text)
{
    QString digits;
    for (const QChar c : text) {
        if (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            digits += c;
    }
    return digits;
}

// Replaces each match of `pattern` for which `replacement` gives a text (an empty one keeps
// the match as it is).
template <typename Replacement>
QString replaceMatches(
    const QString &text, const QRegularExpression &pattern, Replacement replacement)
{
    QString result;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const QString with = replacement(match.captured(0));
        if (with.isEmpty())
            continue;
        result += QStringView(text).mid(last, match.capturedStart(0) - last);
        result += with;
        last = match.capturedEnd(0);
    }
    result += QStringView(text).mid(last);
    return result;
}

} // namespace

QString redactPersonalData(const QString &text)
{
    // The local part and domain of an address, as people write them (not every form RFC 5322
    // allows: a quoted local part is left as it is).
    static const QRegularExpression email(
        QStringLiteral(
            "[\\p{L}\\p{N}.!#$%&'*+/=?^_`{|}~-]+@[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?"
            "(?:\\.[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?)+"),
        QRegularExpression::UseUnicodePropertiesOption);
    // Digits in groups separated by one space or dash, not inside a longer number or word.
    static const QRegularExpression card(
        QStringLiteral("(?<![\\w+])\\d(?:[ -]?\\d){12,18}(?!\\w)"));
    static const QRegularExpression phone(QStringLiteral(
        "(?<![\\w+])(?:\\+|00)?\\(?\\d{1,4}\\)?(?:[ .\\-]?\\(?\\d{1,4}\\)?){2,7}(?!\\w)"));

    QString result
        = replaceMatches(text, email, [](const QString &) { return QStringLiteral("[email]"); });
    result = replaceMatches(result, card, [](const QString &match) {
        const QString digits = digitsOf(match);
        return digits.size() >= 13 && digits.size() <= 19 && passesLuhn(digits)
            ? QStringLiteral("[card]")
            : QString();
    });
    result = replaceMatches(result, phone, [](const QString &match) {
        // A date written the ISO way is no phone number.
        static const QRegularExpression isoDate(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
        if (isoDate.match(match).hasMatch())
            return QString();
        const qsizetype count = digitsOf(match).size();
        return count >= 8 && count <= 15 ? QStringLiteral("[phone]") : QString();
    });
    return result;
}

} // namespace frontline
