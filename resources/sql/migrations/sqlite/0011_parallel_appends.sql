-- SPDX-License-Identifier: GPL-3.0-or-later
-- PostgreSQL's migration of this number lets several connections append at once. SQLite has
-- one writer at a time; what both gain is one index entry fewer per message: the assistant's
-- reply limit reads chat_sessions.assistant_messages since 0009, so the index that made
-- counting a session's answers cheap (0005) only costs every message now.
DROP INDEX IF EXISTS chat_messages_session_role;
