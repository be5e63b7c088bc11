-- SPDX-License-Identifier: GPL-3.0-or-later
-- An agent's session list in one query, for a search: the sessions with a message holding
-- every word (chat_messages_fts, migration 0023: case and accents folded), the best first: a
-- session ranks as its best message (bm25, lower is better), then by its latest activity.
-- :words is searchtext::fts5Query's expression, quoted prefixes only. match_*: the best
-- message, for the snippet. Each session comes with its newest message (columns named
-- message_*) and how many of the customer's messages the reader has not read, as
-- select_session_overviews.
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
       s.consented_at, s.match_id, s.match_seq, s.match_content,
       m.id AS message_id, m.session_id AS message_session_id, m.seq AS message_seq,
       m.role AS message_role, m.content AS message_content, m.sanitized AS message_sanitized,
       m.client_message_id AS message_client_message_id, m.agent_name AS message_agent_name,
       m.created_at AS message_created_at, m.attachments AS message_attachments,
       m.sources AS message_sources,
       (SELECT COUNT(*) FROM chat_messages customer
        WHERE customer.session_id = s.id AND customer.role = 'USER'
          AND customer.seq > COALESCE((SELECT r.last_read_seq FROM agent_reads r
                                     WHERE r.agent = :reader AND r.session_id = s.id), 0))
           AS unread
FROM (SELECT cs.id, cs.user_id, cs.status, cs.assigned_agent, cs.customer_name, cs.customer_email,
             cs.locale, cs.client_ip, cs.user_agent, cs.token_hash, cs.last_seq, cs.created_at,
             cs.updated_at, cs.last_message_at, cs.waiting_since, cs.waiting_reason,
             cs.customer_seen_seq, cs.waiting_unattended, cs.consented_at,
             b.match_id, b.match_seq, b.match_content, b.score
      FROM best b JOIN chat_sessions cs ON cs.id = b.session_id
      WHERE (CAST(:status AS TEXT) IS NULL OR cs.status = :status_again)
        AND (CAST(:agent AS TEXT) IS NULL OR cs.assigned_agent = :agent_again)
        AND (CAST(:label AS TEXT) IS NULL OR cs.id IN (SELECT sl.session_id FROM session_labels sl
             JOIN labels l ON l.id = sl.label_id WHERE l.name_key = :label_again))
      ORDER BY b.score, cs.updated_at DESC, cs.id
      LIMIT :limit OFFSET :offset) s
LEFT JOIN chat_messages m
       ON m.session_id = s.id
      AND m.seq = (SELECT MAX(newest.seq) FROM chat_messages newest WHERE newest.session_id = s.id)
ORDER BY s.score, s.updated_at DESC, s.id
