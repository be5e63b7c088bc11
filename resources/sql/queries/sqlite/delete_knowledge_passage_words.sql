-- SPDX-License-Identifier: GPL-3.0-or-later
-- The index's rows of an article's passages, before those are deleted.
DELETE FROM knowledge_passages_fts
WHERE rowid IN (SELECT id FROM knowledge_passages WHERE article_id = :article_id)
