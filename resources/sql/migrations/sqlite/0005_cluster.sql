-- SPDX-License-Identifier: GPL-3.0-or-later
-- Several nodes need PostgreSQL (see the PostgreSQL migration of the same number); SQLite
-- serves one node and gets only the index that counts a session's answers.
CREATE INDEX chat_messages_session_role ON chat_messages (session_id, role);
