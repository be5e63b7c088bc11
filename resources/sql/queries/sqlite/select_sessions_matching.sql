-- SPDX-License-Identifier: GPL-3.0-or-later
-- Sessions with a message holding every word of the search (chat_messages_fts, migration
-- 0023: case and accents folded), the best first: a session ranks as its best message (bm25,
-- lower is better), then as select_sessions. :words is searchtext::fts5Query's expression,
-- quoted prefixes only. match_*: the best message, for the snippet.
WITH hits AS MATERIALIZED (
    SELECT rowid AS message_rowid, bm25(chat_messages_fts) AS score
    FROM chat_messages_fts
    WHERE chat_messages_fts MATCH :words
    -- The newest matching messages only (rowids grow with every insert): FTS5 walks its index
    -- backwards and scores those alone, so a word in every other message costs no more than a
    -- rare one. Older matches beyond them are not ranked: a search is for recent conversations.
    ORDER BY rowid DESC
    LIMIT 1000
), best AS (
    -- SQLite takes the bare columns from the row of the MIN().
    SELECT m.session_id, m.id AS match_id, m.seq AS match_seq, m.content AS match_content,
           MIN(h.score) AS score
    FROM hits h JOIN chat_messages m ON m.rowid = h.message_rowid
    GROUP BY m.session_id
)
SELECT s.id, s.user_id, s.status, s.assigned_agent, s.customer_name, s.customer_email, s.locale,
       s.client_ip, s.user_agent, s.token_hash, s.last_seq, s.created_at, s.updated_at,
       s.last_message_at, s.waiting_since, s.waiting_reason, s.customer_seen_seq, s.waiting_unattended,
       s.consented_at,
       b.match_id, b.match_seq, b.match_content
FROM best b JOIN chat_sessions s ON s.id = b.session_id
WHERE (CAST(:status AS TEXT) IS NULL OR s.status = :status_again)
  AND (CAST(:agent AS TEXT) IS NULL OR s.assigned_agent = :agent_again)
  AND (CAST(:label AS TEXT) IS NULL OR s.id IN (SELECT sl.session_id FROM session_labels sl
       JOIN labels l ON l.id = sl.label_id WHERE l.name_key = :label_again))
ORDER BY b.score, s.updated_at DESC, s.id
LIMIT :limit OFFSET :offset
