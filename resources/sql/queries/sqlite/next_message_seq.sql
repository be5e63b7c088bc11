-- SPDX-License-Identifier: GPL-3.0-or-later
-- SQLite's append (PostgreSQL's is frontline_append_message, migration 0009).
-- The next number is taken under the write lock (begin_write), so concurrent appends to one
-- session from several connections are numbered one after the other. It returns how the
-- session stands once the message is in.
UPDATE chat_sessions
SET last_seq = last_seq + 1, updated_at = :updated_at, last_message_at = :last_message_at,
    assistant_messages = assistant_messages + :assistant_messages_added
WHERE id = :id
RETURNING last_seq, status, assigned_agent, assistant_messages
