// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace frontline {

// Whether `text` is an e-mail address Frontline will write into a mail header and give to a
// mail server, by one strict rule (the API answers 400 naming the field for any other):
// - at most 254 characters, exactly one '@', plain ASCII (an international domain is written
//   in its xn-- form);
// - before the '@', 1 to 64 characters of letters, digits and ! # $ % & ' * + - / = ? ^ _ ` { | } ~
//   and dots, a dot neither first, last nor next to another: no spaces, control characters,
//   double quotes, angle brackets, commas, parentheses, brackets, backslashes, colons or
//   semicolons (RFC 5322's dot-atom, without its quoted forms);
// - after it, a domain of labels (letters, digits, hyphens; 1 to 63 each, no hyphen first or
//   last) joined by dots, with at least one dot and a last label that is not only digits, or
//   exactly "localhost". No [address literals].
bool isMailAddress(const QString &text);

// An address with the name shown beside it ("Support <support@example.com>").
struct Mailbox
{
    QString address;
    QString name; // may be empty
};

// "Name <address>", "<address>" or "address" (spaces around trimmed), the address checked by
// isMailAddress; nullopt otherwise. The name is kept as written (renderMime neutralises it).
std::optional<Mailbox> parseMailbox(const QString &text);

} // namespace frontline
