-- SPDX-License-Identifier: GPL-3.0-or-later
-- Only a session still in the queue: one claimed meanwhile (on any node) is left alone.
UPDATE chat_sessions
SET status = 'ASSIGNED', assigned_agent = :agent, auto_assigned_at = :now, updated_at = :now_again,
    waiting_since = NULL, waiting_reason = NULL, waiting_unattended = NULL
WHERE id = :id AND status = 'WAITING' AND assigned_agent IS NULL
