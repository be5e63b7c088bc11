-- SPDX-License-Identifier: GPL-3.0-or-later
-- next_message_seq for an agent's reply: only while the session is assigned to that agent.
-- The row lock makes it atomic with a release or claim from any connection or node: one
-- waits for the other, and PostgreSQL checks the condition again on the row as committed.
UPDATE chat_sessions
SET last_seq = last_seq + 1, updated_at = :updated_at, last_message_at = :last_message_at
WHERE id = :id AND status = 'ASSIGNED' AND assigned_agent = :agent
RETURNING last_seq
