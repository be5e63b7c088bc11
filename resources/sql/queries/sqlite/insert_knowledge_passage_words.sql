-- SPDX-License-Identifier: GPL-3.0-or-later
-- The passage's words in the index (migration 0022), under its id.
INSERT INTO knowledge_passages_fts (rowid, title, heading, content)
VALUES (:id, :title, :heading, :content)
