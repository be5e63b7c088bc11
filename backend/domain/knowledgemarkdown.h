// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "knowledge.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace frontline::knowledge {

// An article as a Markdown file holds it (`frontline kb import/export`): an optional front
// matter, then the body.
//
//     ---
//     title: Resetting your password
//     url: https://help.example.com/password
//     locale: en
//     ---
//     The body, in Markdown.
//
// Without a front matter (or without a title in it), the first "# heading" is the title and
// is not kept in the body. The fields are as written: their rules are the knowledge base's.
struct MarkdownArticle
{
    QString title;
    QString url;
    QString locale;
    QString body;
    friend bool operator==(const MarkdownArticle &, const MarkdownArticle &) = default;
};

// The file's text as an article, or nullopt and in `problem` what is wrong with it (a sentence).
std::optional<MarkdownArticle> parseMarkdownArticle(const QString &text, QString *problem);
// The file an article is exported as, which parseMarkdownArticle reads back the same.
QString markdownArticle(const KnowledgeArticle &article);
// A file name for the article's title, safe on every system: ASCII letters, digits and "-",
// at most 60 of them, ".md"; not one of `taken` (a number is added), never empty.
QString markdownFileName(const QString &title, const QStringList &taken = {});

} // namespace frontline::knowledge
