// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace frontline {

// What the assistant's answer was taken from, as the customer and agents see it under the
// reply: an article's title and, when it has one, its public address.
struct KnowledgeSource
{
    QString title;
    QString url; // http(s) or empty

    friend bool operator==(const KnowledgeSource &, const KnowledgeSource &) = default;
};

// One article of the team's knowledge base (migration 0022), written by administrators in
// Markdown. The assistant reads it in passages (knowledge::splitIntoPassages).
struct KnowledgeArticle
{
    qint64 id = 0;
    QString title;
    QString body; // Markdown; HTML in it is shown as text, like a message
    QString url; // public address of the article, http(s); may be empty
    QString locale; // "fr", "en" (a language the search knows), or empty: any
    QDateTime createdAt;
    QDateTime updatedAt;
    QString updatedBy; // the username of who created or last changed it

    KnowledgeSource source() const { return { title, url }; }
    friend bool operator==(const KnowledgeArticle &, const KnowledgeArticle &) = default;
};

// A passage of an article, as retrieval finds it: best first, `score` higher is better.
struct KnowledgePassage
{
    qint64 id = 0;
    qint64 articleId = 0;
    QString title; // the article's
    QString url; // the article's
    QString locale; // the article's
    QString heading; // the Markdown heading the passage is under; may be empty
    QString text;
    double score = 0;

    KnowledgeSource source() const { return { title, url }; }
    friend bool operator==(const KnowledgePassage &, const KnowledgePassage &) = default;
};

// Which passages a search of the knowledge base keeps (Store::searchKnowledge).
enum class KnowledgeMatch {
    // The best ranked passages holding any of the question's meaningful words, for a reader
    // who judges what fits: a provider (which answers NO_ANSWER when nothing does), an agent.
    Broad,
    // Only the passages holding at least half of the question's meaningful words that the
    // knowledge base knows, for a reader who takes the best passage as it is: the mock.
    Strict,
};

// A customer's question the knowledge base had no answer to, for administrators to write an
// article from.
struct UnansweredQuestion
{
    qint64 id = 0;
    QString sessionId;
    QString question;
    QString locale;
    QDateTime askedAt;

    friend bool operator==(const UnansweredQuestion &, const UnansweredQuestion &) = default;
};

namespace knowledge {

constexpr qsizetype MaxTitleLength = 200;
constexpr qsizetype MaxBodyBytes = 200 * 1024; // UTF-8; a bigger article: 413
constexpr qsizetype MaxUrlLength = 2000;
constexpr qsizetype PassageChars = 900; // a passage holds about this much text

// A passage before it is stored: the heading it is under and its text.
struct PassageDraft
{
    QString heading;
    QString text;
    friend bool operator==(const PassageDraft &, const PassageDraft &) = default;
};

// The article's body in passages: one per paragraph group under a heading, about
// PassageChars each, never splitting a word; the title alone when the body is empty.
QList<PassageDraft> splitIntoPassages(const QString &title, const QString &body);

} // namespace knowledge

} // namespace frontline
