-- SPDX-License-Identifier: GPL-3.0-or-later
-- An agent's session list in one query: the sessions of select_sessions, each with its newest
-- message (as select_last_message, its columns named message_*) and how many of the
-- customer's messages the reader has not read (as count_unread).
-- CAST makes the parameter's type known to PostgreSQL when it is NULL.
SELECT s.id, s.user_id, s.status, s.assigned_agent, s.customer_name, s.customer_email, s.locale,
       s.client_ip, s.user_agent, s.token_hash, s.last_seq, s.created_at, s.updated_at,
       s.last_message_at, s.waiting_since, s.waiting_reason, s.customer_seen_seq, s.waiting_unattended,
       s.consented_at,
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
FROM (SELECT id, user_id, status, assigned_agent, customer_name, customer_email, locale,
             client_ip, user_agent, token_hash, last_seq, created_at, updated_at, last_message_at,
             waiting_since, waiting_reason, customer_seen_seq, waiting_unattended, consented_at
      FROM chat_sessions
      WHERE (CAST(:status AS TEXT) IS NULL OR status = :status_again)
        AND (CAST(:agent AS TEXT) IS NULL OR assigned_agent = :agent_again)
        AND (CAST(:label AS TEXT) IS NULL OR id IN (SELECT sl.session_id FROM session_labels sl
             JOIN labels l ON l.id = sl.label_id WHERE l.name_key = :label_again))
      ORDER BY updated_at DESC, id
      LIMIT :limit OFFSET :offset) s
LEFT JOIN chat_messages m
       ON m.session_id = s.id
      AND m.seq = (SELECT MAX(newest.seq) FROM chat_messages newest WHERE newest.session_id = s.id)
ORDER BY s.updated_at DESC, s.id
