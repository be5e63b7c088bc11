// SPDX-License-Identifier: GPL-3.0-or-later
#include "displayname.h"

#include <QCoreApplication>

#include <algorithm>

namespace frontline::displayname {

std::optional<QString> parse(const QString &text, QString *problem)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        *problem = QCoreApplication::translate(
            "DisplayName", "must not be empty or only spaces: type the name customers see.");
        return std::nullopt;
    }
    const bool control = std::any_of(trimmed.cbegin(), trimmed.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format
            || c == QChar::LineSeparator || c == QChar::ParagraphSeparator;
    });
    if (control) {
        *problem = QCoreApplication::translate("DisplayName",
            "must be one line of visible characters: remove the line breaks, tabs and other "
            "control characters.");
        return std::nullopt;
    }
    if (trimmed.size() > MaxLength) {
        *problem = QCoreApplication::translate(
            "DisplayName", "must be at most %1 characters; this one has %2: shorten it.")
                       .arg(MaxLength)
                       .arg(trimmed.size());
        return std::nullopt;
    }
    return trimmed;
}

} // namespace frontline::displayname
