-- SPDX-License-Identifier: GPL-3.0-or-later
-- The customer's messages the agent has not read yet.
SELECT COUNT(*) FROM chat_messages
WHERE session_id = :session_id AND role = 'USER'
  AND seq > COALESCE((SELECT last_read_seq FROM agent_reads
                      WHERE agent = :agent AND session_id = :session_again), 0)
