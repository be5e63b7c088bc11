// SPDX-License-Identifier: GPL-3.0-or-later
// The knowledge base (migration 0022): articles, their passages as full-text search finds them
// (an FTS5 table on SQLite, written here with the passages; a generated tsvector on PostgreSQL),
// and the questions it had no answer to. Each change leaves a "knowledge" event for the other
// nodes.
#include "domain/searchtext.h"
#include "sqlrow.h"
#include "sqlstore.h"
#include "storeerror.h"

#include <QCoreApplication>

#include <algorithm>

namespace frontline {

using namespace sql;

namespace {

QString notNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

void bindArticle(QSqlQuery &q, const KnowledgeArticle &a)
{
    bind(q, "title", notNull(a.title));
    bind(q, "body", notNull(a.body));
    bind(q, "url", notNull(a.url));
    bind(q, "locale", notNull(a.locale));
    bind(q, "updated_at", timeValue(a.updatedAt));
    bind(q, "updated_by", notNull(a.updatedBy));
}

KnowledgeArticle readArticle(const Row &q)
{
    KnowledgeArticle a;
    a.id = q.value("id").toLongLong();
    a.title = q.text("title");
    a.body = q.text("body");
    a.url = q.text("url");
    a.locale = q.text("locale");
    a.createdAt = timeFrom(q.value("created_at"));
    a.updatedAt = timeFrom(q.value("updated_at"));
    a.updatedBy = q.text("updated_by");
    return a;
}

KnowledgePassage readPassage(const Row &q)
{
    KnowledgePassage p;
    p.id = q.value("id").toLongLong();
    p.articleId = q.value("article_id").toLongLong();
    p.title = q.text("title");
    p.url = q.text("url");
    p.locale = q.text("locale");
    p.heading = q.text("heading");
    p.text = q.text("content");
    if (q.has("score"))
        p.score = q.value("score").toDouble();
    return p;
}

UnansweredQuestion readQuestion(const Row &q)
{
    UnansweredQuestion u;
    u.id = q.value("id").toLongLong();
    u.sessionId = q.text("session_id");
    u.question = q.text("question");
    u.locale = q.text("locale");
    u.askedAt = timeFrom(q.value("asked_at"));
    return u;
}

// A question as the once-per-session rule compares it.
QString foldedQuestion(const QString &question)
{
    return searchtext::fold(question).trimmed();
}

// How many of `words` the passage holds (its title, heading and text): a word counts when a
// word of the passage begins with its stem, as the index matched it.
qsizetype wordsFound(const QStringList &words, const KnowledgePassage &passage)
{
    const QStringList held = searchtext::fold(
        passage.title + QLatin1Char(' ') + passage.heading + QLatin1Char(' ') + passage.text)
                                 .split(QLatin1Char(' '), Qt::SkipEmptyParts);
    qsizetype count = 0;
    for (const QString &word : words) {
        const QString stem = searchtext::stem(word);
        if (std::any_of(
                held.cbegin(), held.cend(), [&](const QString &h) { return h.startsWith(stem); }))
            ++count;
    }
    return count;
}

// The words of a question as the index queries take them: on SQLite an FTS5 expression, on
// PostgreSQL the to_tsquery texts of the words and of their stems.
void bindWordsQuery(QSqlQuery &query, bool sqlite, const QStringList &words)
{
    if (sqlite) {
        bind(query, "query", searchtext::fts5Query(words, searchtext::Match::AnyWord));
        return;
    }
    QStringList stems;
    for (const QString &word : words)
        stems.append(searchtext::stem(word));
    bind(query, "words", searchtext::tsQuery(words, searchtext::Match::AnyWord));
    bind(query, "stems", searchtext::tsQuery(stems, searchtext::Match::AnyWord));
}

} // namespace

void SqlStore::writePassages(const KnowledgeArticle &article, bool replacing)
{
    const bool sqlite = m_connection->dialect() == SqlDialect::Sqlite;
    if (replacing) {
        if (sqlite) {
            QSqlQuery &words = prepared(QStringLiteral("delete_knowledge_passage_words"));
            bind(words, "article_id", article.id);
            exec(words, QStringLiteral("delete_knowledge_passage_words"));
        }
        QSqlQuery &remove = prepared(QStringLiteral("delete_knowledge_passages"));
        bind(remove, "article_id", article.id);
        exec(remove, QStringLiteral("delete_knowledge_passages"));
    }
    const QList<knowledge::PassageDraft> drafts
        = knowledge::splitIntoPassages(article.title, article.body);
    for (qsizetype i = 0; i < drafts.size(); ++i) {
        const knowledge::PassageDraft &draft = drafts.at(i);
        QSqlQuery &insert = prepared(QStringLiteral("insert_knowledge_passage"));
        bind(insert, "article_id", article.id);
        bind(insert, "ordinal", int(i));
        bind(insert, "locale", notNull(article.locale));
        bind(insert, "title", notNull(article.title));
        bind(insert, "heading", notNull(draft.heading));
        bind(insert, "content", notNull(draft.text));
        exec(insert, QStringLiteral("insert_knowledge_passage"));
        const qint64 id = readNumber(insert);
        if (sqlite) {
            QSqlQuery &words = prepared(QStringLiteral("insert_knowledge_passage_words"));
            bind(words, "id", id);
            bind(words, "title", notNull(article.title));
            bind(words, "heading", notNull(draft.heading));
            bind(words, "content", notNull(draft.text));
            exec(words, QStringLiteral("insert_knowledge_passage_words"));
        }
    }
}

QList<KnowledgeArticle> SqlStore::knowledgeArticles()
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_knowledge_articles"));
    exec(query, QStringLiteral("select_knowledge_articles"));
    return readAll<KnowledgeArticle>(query, readArticle);
}

std::optional<KnowledgeArticle> SqlStore::knowledgeArticle(qint64 id)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_knowledge_article"));
    bind(query, "id", id);
    exec(query, QStringLiteral("select_knowledge_article"));
    return readOne<KnowledgeArticle>(query, readArticle);
}

qint64 SqlStore::knowledgeArticleCount()
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("count_knowledge_articles"));
    exec(query, QStringLiteral("count_knowledge_articles"));
    return readNumber(query);
}

QList<KnowledgePassage> SqlStore::knowledgePassages(qint64 articleId)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_knowledge_passages"));
    bind(query, "article_id", articleId);
    exec(query, QStringLiteral("select_knowledge_passages"));
    return readAll<KnowledgePassage>(query, readPassage);
}

KnowledgeArticle SqlStore::addKnowledgeArticle(
    const KnowledgeArticle &article, const AuditEntry &audit)
{
    return inWriteTransaction([&] {
        KnowledgeArticle stored = article;
        stored.createdAt = m_clock->now();
        stored.updatedAt = stored.createdAt;
        QSqlQuery &insert = prepared(QStringLiteral("insert_knowledge_article"));
        bindArticle(insert, stored);
        bind(insert, "created_at", timeValue(stored.createdAt));
        exec(insert, QStringLiteral("insert_knowledge_article"));
        stored.id = readNumber(insert);
        writePassages(stored, false);
        AuditEntry entry = audit;
        entry.target = QString::number(stored.id);
        insertAudit(entry);
        publish(QStringLiteral("knowledge"), QString::number(stored.id));
        // As read back: a time keeps the milliseconds the database does.
        QSqlQuery &select = prepared(QStringLiteral("select_knowledge_article"));
        bind(select, "id", stored.id);
        exec(select, QStringLiteral("select_knowledge_article"));
        return readOne<KnowledgeArticle>(select, readArticle).value_or(stored);
    });
}

std::optional<KnowledgeArticle> SqlStore::updateKnowledgeArticle(
    const KnowledgeArticle &article, const AuditEntry &audit)
{
    return inWriteTransaction([&]() -> std::optional<KnowledgeArticle> {
        KnowledgeArticle stored = article;
        stored.updatedAt = m_clock->now();
        QSqlQuery &update = prepared(QStringLiteral("update_knowledge_article"));
        bindArticle(update, stored);
        bind(update, "id", stored.id);
        exec(update, QStringLiteral("update_knowledge_article"));
        if (update.numRowsAffected() == 0)
            return std::nullopt;
        writePassages(stored, true);
        QSqlQuery &select = prepared(QStringLiteral("select_knowledge_article"));
        bind(select, "id", stored.id);
        exec(select, QStringLiteral("select_knowledge_article"));
        const std::optional<KnowledgeArticle> now = readOne<KnowledgeArticle>(select, readArticle);
        AuditEntry entry = audit;
        entry.target = QString::number(stored.id);
        insertAudit(entry);
        publish(QStringLiteral("knowledge"), QString::number(stored.id));
        return now;
    });
}

bool SqlStore::removeKnowledgeArticle(qint64 id, const AuditEntry &audit)
{
    return inWriteTransaction([&] {
        if (m_connection->dialect() == SqlDialect::Sqlite) {
            QSqlQuery &words = prepared(QStringLiteral("delete_knowledge_passage_words"));
            bind(words, "article_id", id);
            exec(words, QStringLiteral("delete_knowledge_passage_words"));
        }
        QSqlQuery &remove = prepared(QStringLiteral("delete_knowledge_article"));
        bind(remove, "id", id);
        exec(remove, QStringLiteral("delete_knowledge_article"));
        if (remove.numRowsAffected() == 0)
            return false; // nothing was deleted from the index either: it had no rows of it
        AuditEntry entry = audit;
        entry.target = QString::number(id);
        insertAudit(entry);
        publish(QStringLiteral("knowledge"), QString::number(id));
        return true;
    });
}

QStringList SqlStore::knownKnowledgeWords(const QStringList &words, const QString &locale)
{
    const bool sqlite = m_connection->dialect() == SqlDialect::Sqlite;
    const QString name = QStringLiteral("knowledge_word_known");
    QStringList known;
    for (const QString &word : words) {
        QSqlQuery &query = prepared(name);
        bindWordsQuery(query, sqlite, { word });
        bind(query, "locale", notNull(locale));
        exec(query, name);
        if (query.next())
            known.append(word);
        query.finish();
    }
    return known;
}

QList<KnowledgePassage> SqlStore::searchKnowledge(
    const QString &question, const QString &locale, int limit, KnowledgeMatch match)
{
    const QStringList words = searchtext::meaningfulWords(question);
    if (words.isEmpty() || limit <= 0)
        return {};
    ensureConnected();
    // Strict: the words the knowledge base knows, in the reader's language (or, when it knows
    // none of them there, in any): a word no passage holds cannot be found, so it does not
    // count.
    QStringList known;
    if (match == KnowledgeMatch::Strict) {
        known = knownKnowledgeWords(words, locale);
        if (known.isEmpty() && !locale.isEmpty())
            known = knownKnowledgeWords(words, QString());
        if (known.isEmpty())
            return {}; // no passage holds any of the words
    }
    // The index finds the passages holding any of the words, best first, a few more candidates
    // than asked for; Strict keeps those holding enough of the known words.
    const int candidates = std::max(limit * 5, 20);
    const bool sqlite = m_connection->dialect() == SqlDialect::Sqlite;
    const QString name = QStringLiteral("search_knowledge");
    QSqlQuery &query = prepared(name);
    const QStringList &counted = match == KnowledgeMatch::Broad ? words : known;
    bindWordsQuery(query, sqlite, counted);
    bind(query, "locale", notNull(locale));
    bind(query, "limit", candidates);
    exec(query, name);
    const QList<KnowledgePassage> found = readAll<KnowledgePassage>(query, readPassage);

    // The reader's language first, as the index ranked them; then the passages holding more of
    // the words, then the index's order.
    struct Candidate
    {
        KnowledgePassage passage;
        bool otherLanguage;
        qsizetype held;
    };
    const qsizetype needed = match == KnowledgeMatch::Broad ? 1 : (known.size() + 1) / 2;
    QList<Candidate> relevant;
    for (const KnowledgePassage &passage : found) {
        const qsizetype held = wordsFound(counted, passage);
        if (held >= needed)
            relevant.append({ passage,
                !passage.locale.isEmpty() && !locale.isEmpty() && passage.locale != locale, held });
    }
    std::stable_sort(relevant.begin(), relevant.end(), [](const Candidate &a, const Candidate &b) {
        if (a.otherLanguage != b.otherLanguage)
            return b.otherLanguage;
        return a.held > b.held;
    });
    QList<KnowledgePassage> best;
    for (qsizetype i = 0; i < relevant.size() && best.size() < limit; ++i)
        best.append(relevant.at(i).passage);
    return best;
}

UnansweredQuestion SqlStore::recordUnansweredQuestion(
    const QString &sessionId, const QString &question, const QString &locale)
{
    return inWriteTransaction([&] {
        const QString folded = foldedQuestion(question);
        QSqlQuery &exists = prepared(QStringLiteral("select_session"));
        bind(exists, "id", sessionId);
        exec(exists, QStringLiteral("select_session"));
        const bool found = exists.next();
        exists.finish();
        if (!found) {
            throw StoreError(StoreError::Kind::NotFound,
                QCoreApplication::translate("SqlStore", "No chat session has the id \"%1\".")
                    .arg(sessionId));
        }
        QSqlQuery &insert = prepared(QStringLiteral("insert_unanswered_question"));
        bind(insert, "session_id", sessionId);
        bind(insert, "question", notNull(question));
        bind(insert, "folded", folded);
        bind(insert, "locale", notNull(locale));
        bind(insert, "asked_at", timeValue(m_clock->now()));
        exec(insert, QStringLiteral("insert_unanswered_question"));
        insert.finish();
        QSqlQuery &select = prepared(QStringLiteral("select_unanswered_question"));
        bind(select, "session_id", sessionId);
        bind(select, "folded", folded);
        exec(select, QStringLiteral("select_unanswered_question"));
        const std::optional<UnansweredQuestion> stored
            = readOne<UnansweredQuestion>(select, readQuestion);
        if (!stored) { // never: the row was there or has just been inserted
            throw StoreError(StoreError::Kind::Failed,
                QStringLiteral("The unanswered question was not stored: is migration 0022 "
                               "intact?"));
        }
        publish(QStringLiteral("unanswered"), QString::number(stored->id));
        return *stored;
    });
}

QList<UnansweredQuestion> SqlStore::unansweredQuestions(int limit)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_unanswered_questions"));
    bind(query, "limit", limit);
    exec(query, QStringLiteral("select_unanswered_questions"));
    return readAll<UnansweredQuestion>(query, readQuestion);
}

bool SqlStore::dismissUnansweredQuestion(qint64 id, const AuditEntry &audit)
{
    return inWriteTransaction([&] {
        QSqlQuery &dismiss = prepared(QStringLiteral("dismiss_unanswered_question"));
        bind(dismiss, "dismissed_at", timeValue(m_clock->now()));
        bind(dismiss, "id", id);
        exec(dismiss, QStringLiteral("dismiss_unanswered_question"));
        if (dismiss.numRowsAffected() == 0)
            return false;
        AuditEntry entry = audit;
        entry.target = QString::number(id);
        insertAudit(entry);
        publish(QStringLiteral("unanswered"), QString::number(id));
        return true;
    });
}

std::optional<UnansweredQuestion> SqlStore::unansweredQuestion(qint64 id)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_waiting_unanswered_question"));
    bind(query, "id", id);
    exec(query, QStringLiteral("select_waiting_unanswered_question"));
    return readOne<UnansweredQuestion>(query, readQuestion);
}

} // namespace frontline
