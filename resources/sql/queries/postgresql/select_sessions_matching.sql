-- SPDX-License-Identifier: GPL-3.0-or-later
-- Sessions with a message holding every word of the search (chat_messages.search_words,
-- migration 0023: accents taken off, French and English stems), the best first: a session
-- ranks as its best message (ts_rank, higher is better), then as select_sessions. :words is
-- searchtext::tsQuery's text (letters, digits, :*, &), read with both configurations.
-- match_*: the best message, for the snippet.
WITH words AS (
    SELECT CAST(:words AS TEXT) AS t
), query AS (
    SELECT to_tsquery('french'::regconfig, t) || to_tsquery('english'::regconfig, t) AS q
    FROM words
), best AS (
    SELECT DISTINCT ON (m.session_id) m.session_id, m.id AS match_id, m.seq AS match_seq,
           m.content AS match_content, ts_rank(m.search_words, query.q) AS score
    FROM chat_messages m CROSS JOIN query
    WHERE m.search_words @@ query.q
    ORDER BY m.session_id, score DESC, m.seq DESC
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
ORDER BY b.score DESC, s.updated_at DESC, s.id
LIMIT :limit OFFSET :offset
