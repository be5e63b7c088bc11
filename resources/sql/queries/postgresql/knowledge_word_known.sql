-- SPDX-License-Identifier: GPL-3.0-or-later
-- A row when some passage of :locale or of no language (any passage when :locale is empty)
-- holds the word (:words its to_tsquery text, :stems that of its stem, as search_knowledge):
-- whether the knowledge base knows a word of a question, for the strict search.
SELECT 1
FROM knowledge_passages p
WHERE ((p.locale = 'fr' AND p.words @@ to_tsquery('french', :words))
    OR (p.locale = 'en' AND p.words @@ to_tsquery('english', :words))
    OR (p.locale NOT IN ('fr', 'en') AND p.words @@ to_tsquery('simple', :stems)))
  AND (CAST(:locale AS TEXT) = '' OR p.locale = :locale OR p.locale = '')
LIMIT 1
