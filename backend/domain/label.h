// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sessionstatus.h"

#include <QDateTime>
#include <QString>

namespace frontline {

// A label agents put on conversations ("billing", "bug"...): its name is unique whatever its
// case, its colour a "#rrggbb".
struct Label
{
    qint64 id = 0;
    QString name;
    QString colour;
    QDateTime createdAt;

    friend bool operator==(const Label &, const Label &) = default;
};

// The colour of a label made without one.
QString defaultLabelColour();
// What is wrong with a label's name (trimmed first): empty when it is fine, else a sentence
// that says what a name may hold (letters, digits, spaces, "-", "_" and ".", 1 to 40).
QString labelNameProblem(const QString &name);
// "#rrggbb" (either case); stored in lower case.
bool isLabelColour(const QString &colour);
// The key names are unique by: the name, case folded.
QString labelKey(const QString &name);

// One of a customer's earlier conversations, as the customer panel lists them.
struct PastConversation
{
    QString id;
    QDateTime startedAt;
    QDateTime lastMessageAt; // null without a message
    SessionStatus status = SessionStatus::Active;
    QString preview; // the first line of the customer's first message; empty without one
    qint64 messages = 0; // how many messages it has, notes included
};

} // namespace frontline
