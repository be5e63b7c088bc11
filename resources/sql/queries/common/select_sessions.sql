-- SPDX-License-Identifier: GPL-3.0-or-later
-- CAST makes the parameter's type known to PostgreSQL when it is NULL.
SELECT id, user_id, status, assigned_agent, customer_name, customer_email, locale, client_ip, user_agent, token_hash, last_seq, created_at, updated_at, last_message_at,
       waiting_since, waiting_reason, customer_seen_seq, waiting_unattended, consented_at
FROM chat_sessions
WHERE (CAST(:status AS TEXT) IS NULL OR status = :status_again)
  AND (CAST(:agent AS TEXT) IS NULL OR assigned_agent = :agent_again)
  AND (CAST(:label AS TEXT) IS NULL OR id IN (SELECT sl.session_id FROM session_labels sl
       JOIN labels l ON l.id = sl.label_id WHERE l.name_key = :label_again))
ORDER BY updated_at DESC, id
LIMIT :limit OFFSET :offset
