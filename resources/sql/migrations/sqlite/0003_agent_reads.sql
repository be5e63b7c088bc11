-- SPDX-License-Identifier: GPL-3.0-or-later
-- How far each agent has read each session, for unread counts in the console.
CREATE TABLE agent_reads (
    agent         TEXT NOT NULL,
    session_id    TEXT NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    last_read_seq INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agent, session_id)
);
