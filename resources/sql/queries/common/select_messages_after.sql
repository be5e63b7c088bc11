-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT id, session_id, seq, role, content, sanitized, client_message_id, agent_name, created_at,
       attachments, sources
FROM chat_messages
WHERE session_id = :session_id AND seq > :after_seq
ORDER BY seq
LIMIT :limit
