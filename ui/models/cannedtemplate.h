// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace frontline::ui {

// Fills in the variables of a canned response's body when the agent inserts it:
// {customer.name}, {customer.email}, {agent.name} (the name customers see of the agent),
// {agent.username} and {conversation.id}. A variable without a value becomes empty, as in
// Intercom, unless the body gives a fallback after a bar: "Hello {customer.name|there}".
// Anything else between braces ("{order.id}", "{ }") stays as typed. One pass over the body:
// what a value brings in is never read again, so a customer named "{agent.name}" is inserted
// as that text.
class CannedTemplate final
{
public:
    // The variables this fills in, as they are written between braces.
    static QStringList variables();

    // `values` by variable name ("customer.name"); names it lacks count as empty.
    static QString fill(const QString &body, const QHash<QString, QString> &values);
};

} // namespace frontline::ui
