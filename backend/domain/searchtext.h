// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace frontline::searchtext {

// Text as search compares it: lower case, without diacritics ("Élodie" → "elodie", "ß" →
// "ss"), every run of characters that is not a letter or a digit one space.
QString fold(const QString &text);

// The words of a search, folded, in order, without repeats, at most `maxWords`. FTS syntax
// ('"', '*', ':', '(', "NEAR", "AND", "OR", "-") is nothing but separators and words here.
// With dropStopWords, the French and English words that carry no meaning ("how", "the",
// "je", "le"...) are left out (retrieval), unless nothing else is left.
QStringList words(const QString &text, bool dropStopWords = false, int maxWords = 12);
// The words of `text` that carry a meaning: words() without the stop words, at most
// `maxWords`; none for a text of stop words only ("how are you?", "merci").
QStringList meaningfulWords(const QString &text, int maxWords = 12);
// Whether `foldedWord` is one of the French and English words that carry no meaning.
bool isStopWord(const QString &foldedWord);

// A word's stem as a prefix to look for: French and English endings taken off
// ("reinitialiser" → "reinitialis", "passwords" → "password"), never shorter than 3 letters.
QString stem(const QString &foldedWord);

enum class Match { AllWords, AnyWord };

// An FTS5 MATCH expression for `words` (folded): each word's stem as a quoted prefix
// ("reinitialis"*), joined by AND or OR. Empty for no words.
QString fts5Query(const QStringList &words, Match match);
// A PostgreSQL to_tsquery() text for `words`: each word as a prefix (word:*), joined by & or
// |; only letters and digits reach it. Empty for no words.
QString tsQuery(const QStringList &words, Match match);

// Where the words of a search occur in a text, for a snippet with highlights.
struct Highlight
{
    qsizetype start = 0; // in the snippet's text, UTF-16 units
    qsizetype length = 0;
    friend bool operator==(const Highlight &, const Highlight &) = default;
};
struct Snippet
{
    QString text; // a window of the text around the first match, "…" where it was cut
    QList<Highlight> highlights; // in order, not overlapping
    friend bool operator==(const Snippet &, const Snippet &) = default;
};
// A snippet of `text` of about `maxChars` around where `words` (folded) first occur, each
// occurrence of a word's stem (accent- and case-insensitive) highlighted.
Snippet snippet(const QString &text, const QStringList &words, qsizetype maxChars = 160);

} // namespace frontline::searchtext
