-- SPDX-License-Identifier: GPL-3.0-or-later
-- An article's passages in order (tests, and what the console previews).
SELECT p.id, p.article_id, a.title, a.url, a.locale, p.heading, p.content
FROM knowledge_passages p JOIN knowledge_articles a ON a.id = p.article_id
WHERE p.article_id = :article_id
ORDER BY p.ordinal
