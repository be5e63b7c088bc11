-- SPDX-License-Identifier: GPL-3.0-or-later
-- The passages matching :query (an FTS5 expression of quoted prefixes, searchtext::fts5Query),
-- best first: those of :locale or of no language before the others, then by BM25 (the title
-- weighing most, then the heading). The store keeps those that hold enough of the words.
SELECT p.id, p.article_id, a.title, a.url, a.locale, p.heading, p.content,
       -bm25(knowledge_passages_fts, 4.0, 2.0, 1.0) AS score
FROM knowledge_passages_fts f
JOIN knowledge_passages p ON p.id = f.rowid
JOIN knowledge_articles a ON a.id = p.article_id
WHERE knowledge_passages_fts MATCH :query
ORDER BY CASE WHEN a.locale = :locale OR a.locale = '' THEN 0 ELSE 1 END,
         bm25(knowledge_passages_fts, 4.0, 2.0, 1.0), p.id
LIMIT :limit
