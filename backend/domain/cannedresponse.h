// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace frontline {

// A reply every agent may insert, by "/" and its shortcut, kept by the server and edited by
// administrators (migration 0018). Its body may name variables ("{customer.name}") that the
// console fills in when the agent inserts it; the server keeps them as text.
struct CannedResponse
{
    qint64 id = 0;
    QString shortcut; // lower case: letters, digits, "-" and "_"
    QString title; // may be empty
    QString body;
    QDateTime createdAt;
    QDateTime updatedAt;
    QString updatedBy; // the username of who created or last changed it

    friend bool operator==(const CannedResponse &, const CannedResponse &) = default;
};

namespace canned {

constexpr qsizetype MaxShortcutLength = 32;
constexpr qsizetype MaxTitleLength = 100;
constexpr qsizetype MaxBodyLength = 4000;

// The rules of each field: the value as it is kept (the shortcut in lower case without a
// leading "/", the title and body trimmed), or nullopt and in `problem` what to fix (a phrase
// that follows the field's name).
std::optional<QString> parseShortcut(const QString &text, QString *problem);
std::optional<QString> parseTitle(const QString &text, QString *problem);
std::optional<QString> parseBody(const QString &text, QString *problem);

} // namespace canned

} // namespace frontline
