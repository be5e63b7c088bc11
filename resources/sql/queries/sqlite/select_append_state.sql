-- SPDX-License-Identifier: GPL-3.0-or-later
-- How a session stands, for the answer to an append that found its message stored before.
SELECT status, assigned_agent, assistant_messages FROM chat_sessions WHERE id = :id
