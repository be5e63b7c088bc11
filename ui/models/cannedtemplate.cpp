// SPDX-License-Identifier: GPL-3.0-or-later
#include "cannedtemplate.h"

#include <QRegularExpression>

namespace frontline::ui {

QStringList CannedTemplate::variables()
{
    return { QStringLiteral("customer.name"), QStringLiteral("customer.email"),
        QStringLiteral("agent.name"), QStringLiteral("agent.username"),
        QStringLiteral("conversation.id") };
}

QString CannedTemplate::fill(const QString &body, const QHash<QString, QString> &values)
{
    // {name} or {name|fallback}: a name of letters, digits and dots; a fallback without braces.
    static const QRegularExpression variable(QStringLiteral(
        "\\{([A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z][A-Za-z0-9_]*)*)(?:\\|([^{}]*))?\\}"));
    const QStringList known = variables();
    QString filled;
    filled.reserve(body.size());
    qsizetype from = 0;
    QRegularExpressionMatchIterator it = variable.globalMatch(body);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const QString name = match.captured(1);
        if (!known.contains(name))
            continue; // kept as typed, with the text around it
        filled += QStringView(body).mid(from, match.capturedStart() - from);
        const QString value = values.value(name).trimmed();
        filled += value.isEmpty() ? match.captured(2) : value;
        from = match.capturedEnd();
    }
    filled += QStringView(body).mid(from);
    return filled;
}

} // namespace frontline::ui
