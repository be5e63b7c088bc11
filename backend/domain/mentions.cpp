// SPDX-License-Identifier: GPL-3.0-or-later
#include "mentions.h"

#include <QRegularExpression>

namespace frontline {

QStringList mentionedUsernames(const QString &text)
{
    // Not after a word character or another "@": "marie@example.org" mentions nobody.
    static const QRegularExpression mention(
        QStringLiteral("(?<![\\w@])@([a-z0-9][a-z0-9._-]{0,63})"));
    QStringList names;
    for (auto it = mention.globalMatch(text); it.hasNext();) {
        QString name = it.next().captured(1);
        // "@marie." ends a sentence: the full stop is not part of the name.
        while (name.endsWith(u'.') || name.endsWith(u'-'))
            name.chop(1);
        if (!name.isEmpty() && !names.contains(name))
            names.append(name);
    }
    return names;
}

} // namespace frontline
