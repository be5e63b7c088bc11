// SPDX-License-Identifier: GPL-3.0-or-later
#include "cannedresponse.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace frontline::canned {

std::optional<QString> parseShortcut(const QString &text, QString *problem)
{
    QString shortcut = text.trimmed();
    if (shortcut.startsWith(QLatin1Char('/')))
        shortcut.remove(0, 1);
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9_-]+$"));
    if (shortcut.isEmpty() || !allowed.match(shortcut).hasMatch()) {
        *problem = QCoreApplication::translate("CannedResponse",
            "must be one word of letters, digits, \"-\" or \"_\" (such as \"refund\"): what the "
            "agent types after \"/\".");
        return std::nullopt;
    }
    if (shortcut.size() > MaxShortcutLength) {
        *problem = QCoreApplication::translate(
            "CannedResponse", "must be at most %1 characters; this one has %2: shorten it.")
                       .arg(MaxShortcutLength)
                       .arg(shortcut.size());
        return std::nullopt;
    }
    return shortcut.toLower();
}

std::optional<QString> parseTitle(const QString &text, QString *problem)
{
    const QString title = text.simplified();
    if (title.size() > MaxTitleLength) {
        *problem = QCoreApplication::translate(
            "CannedResponse", "must be at most %1 characters; this one has %2: shorten it.")
                       .arg(MaxTitleLength)
                       .arg(title.size());
        return std::nullopt;
    }
    return title.isNull() ? QStringLiteral("") : title;
}

std::optional<QString> parseBody(const QString &text, QString *problem)
{
    const QString body = text.trimmed();
    if (body.isEmpty()) {
        *problem = QCoreApplication::translate(
            "CannedResponse", "must not be empty: type the text the agent inserts.");
        return std::nullopt;
    }
    if (body.size() > MaxBodyLength) {
        *problem = QCoreApplication::translate(
            "CannedResponse", "must be at most %1 characters; this one has %2: shorten it.")
                       .arg(MaxBodyLength)
                       .arg(body.size());
        return std::nullopt;
    }
    return body;
}

} // namespace frontline::canned
