-- SPDX-License-Identifier: GPL-3.0-or-later
-- Any status but WAITING (start_waiting.sql): the session leaves the queue.
UPDATE chat_sessions
SET status = :status, assigned_agent = :assigned_agent, updated_at = :updated_at,
    waiting_since = NULL, waiting_reason = NULL, waiting_unattended = NULL
WHERE id = :id
