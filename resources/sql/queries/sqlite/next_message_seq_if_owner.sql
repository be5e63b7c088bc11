-- SPDX-License-Identifier: GPL-3.0-or-later
-- next_message_seq for an agent's reply: only while the session is assigned to that agent.
-- The write lock makes it atomic with a release or claim from another connection: one waits
-- for the other.
UPDATE chat_sessions
SET last_seq = last_seq + 1, updated_at = :updated_at, last_message_at = :last_message_at,
    assistant_messages = assistant_messages + :assistant_messages_added
WHERE id = :id AND status = 'ASSIGNED' AND assigned_agent = :agent
RETURNING last_seq, status, assigned_agent, assistant_messages
