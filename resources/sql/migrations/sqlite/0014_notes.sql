-- SPDX-License-Identifier: GPL-3.0-or-later
-- Agents' internal notes are messages of a role of their own, NOTE (PostgreSQL's migration of
-- the same number re-adds the check). SQLite cannot alter a CHECK, so the table is built again
-- the way its documentation says: a new table of the same columns and constraints, the rows
-- copied, the old one dropped, the new one renamed, then its index again. Nothing refers to
-- chat_messages (no foreign key, trigger or view), so nothing else needs rebuilding.
CREATE TABLE chat_messages_with_notes (
    id                TEXT PRIMARY KEY,
    session_id        TEXT NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    seq               INTEGER NOT NULL,
    role              TEXT NOT NULL
                      CHECK (role IN ('USER', 'ASSISTANT', 'AGENT', 'SYSTEM', 'NOTE')),
    content           TEXT NOT NULL,
    sanitized         INTEGER NOT NULL DEFAULT 0,
    client_message_id TEXT,
    agent_name        TEXT,
    created_at        INTEGER NOT NULL,
    CONSTRAINT chat_messages_session_seq UNIQUE (session_id, seq)
);
INSERT INTO chat_messages_with_notes
    (id, session_id, seq, role, content, sanitized, client_message_id, agent_name, created_at)
SELECT id, session_id, seq, role, content, sanitized, client_message_id, agent_name, created_at
FROM chat_messages;
DROP TABLE chat_messages;
ALTER TABLE chat_messages_with_notes RENAME TO chat_messages;
-- NULL client ids never collide, so messages without one are unaffected.
CREATE UNIQUE INDEX chat_messages_client_id ON chat_messages (session_id, client_message_id);
