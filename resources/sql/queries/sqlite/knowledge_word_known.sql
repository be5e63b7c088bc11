-- SPDX-License-Identifier: GPL-3.0-or-later
-- A row when some passage of :locale or of no language (any passage when :locale is empty)
-- holds the word of :query (an FTS5 quoted prefix, searchtext::fts5Query): whether the
-- knowledge base knows a word of a question, for the strict search.
SELECT 1
FROM knowledge_passages_fts f
JOIN knowledge_passages p ON p.id = f.rowid
WHERE knowledge_passages_fts MATCH :query
  AND (:locale = '' OR p.locale = :locale OR p.locale = '')
LIMIT 1
