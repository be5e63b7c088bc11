-- SPDX-License-Identifier: GPL-3.0-or-later
-- The passages matching the words, each passage with the configuration of its language
-- (migration 0022): :words a to_tsquery text of the words (searchtext::tsQuery), :stems the same
-- of their stems for the passages of no language (simple keeps words whole). Best first: those
-- of :locale or of no language before the others, then by ts_rank. The store keeps those that
-- hold enough of the words.
SELECT p.id, p.article_id, a.title, a.url, a.locale, p.heading, p.content,
       CAST(ts_rank(p.words, CASE p.locale WHEN 'fr' THEN to_tsquery('french', :words)
                                           WHEN 'en' THEN to_tsquery('english', :words)
                                           ELSE to_tsquery('simple', :stems) END)
            AS DOUBLE PRECISION) AS score
FROM knowledge_passages p
JOIN knowledge_articles a ON a.id = p.article_id
WHERE (p.locale = 'fr' AND p.words @@ to_tsquery('french', :words))
   OR (p.locale = 'en' AND p.words @@ to_tsquery('english', :words))
   OR (p.locale NOT IN ('fr', 'en') AND p.words @@ to_tsquery('simple', :stems))
ORDER BY CASE WHEN a.locale = :locale OR a.locale = '' THEN 0 ELSE 1 END, score DESC, p.id
LIMIT :limit
