// SPDX-License-Identifier: GPL-3.0-or-later
#include "label.h"

#include <QCoreApplication>

#include <algorithm>

namespace frontline {

QString defaultLabelColour()
{
    return QStringLiteral("#607d8b");
}

QString labelNameProblem(const QString &name)
{
    const QString trimmed = name.trimmed();
    const auto allowed = [](QChar c) {
        return c.isLetterOrNumber() || c == QLatin1Char(' ') || c == QLatin1Char('-')
            || c == QLatin1Char('_') || c == QLatin1Char('.');
    };
    if (trimmed.isEmpty() || trimmed.size() > 40
        || !std::all_of(trimmed.begin(), trimmed.end(), allowed))
        return QCoreApplication::translate(
            "Label", "must be 1 to 40 letters, digits, spaces, \"-\", \"_\" or \".\".");
    return QString();
}

bool isLabelColour(const QString &colour)
{
    if (colour.size() != 7 || colour.at(0) != QLatin1Char('#'))
        return false;
    for (qsizetype i = 1; i < colour.size(); ++i) {
        const char16_t c = colour.at(i).unicode();
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F')))
            return false;
    }
    return true;
}

QString labelKey(const QString &name)
{
    return name.trimmed().toCaseFolded();
}

} // namespace frontline
