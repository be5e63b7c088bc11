-- SPDX-License-Identifier: GPL-3.0-or-later
-- chat_sessions.assistant_messages: how many of the session's messages are the assistant's
-- (what its reply limit counts), kept by every append rather than counted over a long
-- conversation; the sessions kept so far are counted once. PostgreSQL's migration of the
-- same number also installs the function that appends a message in one round trip; SQLite,
-- in the process, runs the append's statements one by one (round trips cost nothing there).
ALTER TABLE chat_sessions ADD COLUMN assistant_messages INTEGER NOT NULL DEFAULT 0;
UPDATE chat_sessions SET assistant_messages = (
    SELECT COUNT(*) FROM chat_messages m
    WHERE m.session_id = chat_sessions.id AND m.role = 'ASSISTANT');
