-- SPDX-License-Identifier: GPL-3.0-or-later
-- A customer's earlier conversations: those of the same verified user (:user_id) or, when
-- :user_id is NULL, of the same e-mail address whatever its case, started before the session
-- :id, newest first; each with its customer's first message and how many messages it has, and
-- how many there are in all (total). CAST makes the parameters' type known to PostgreSQL.
SELECT s.id, s.created_at, s.last_message_at, s.status,
       (SELECT f.content FROM chat_messages f
        WHERE f.session_id = s.id AND f.role = 'USER' ORDER BY f.seq LIMIT 1) AS preview,
       (SELECT COUNT(*) FROM chat_messages c WHERE c.session_id = s.id) AS messages,
       COUNT(*) OVER () AS total
FROM chat_sessions s
WHERE s.id <> :id
  AND s.created_at <= :created_at
  AND ((CAST(:user_id AS TEXT) IS NOT NULL AND s.user_id = :user_id_again)
       OR (CAST(:user_id_once_more AS TEXT) IS NULL AND LOWER(s.customer_email) = LOWER(:email)))
ORDER BY s.created_at DESC, s.id DESC
LIMIT :limit
