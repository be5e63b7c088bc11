// SPDX-License-Identifier: GPL-3.0-or-later
#include "hostilestrings.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace frontline::testsupport {

QStringList hostileStrings()
{
    QFile corpus(QStringLiteral(FRONTLINE_BLNS_PATH));
    if (!corpus.open(QIODevice::ReadOnly))
        return {};
    QStringList strings;
    const QJsonArray array = QJsonDocument::fromJson(corpus.readAll()).array();
    for (const auto &value : array)
        strings.append(value.toString());
    return strings;
}

} // namespace frontline::testsupport
