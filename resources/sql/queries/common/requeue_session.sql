-- SPDX-License-Identifier: GPL-3.0-or-later
-- Back to the queue, on the same condition as transfer_session.sql. The wait starts again
-- unless the session was waiting already.
UPDATE chat_sessions
SET status = 'WAITING', assigned_agent = NULL, updated_at = :updated_at,
    waiting_since = CASE WHEN status = 'WAITING' AND waiting_since IS NOT NULL
                         THEN waiting_since ELSE :since END,
    waiting_reason = CASE WHEN status = 'WAITING' AND waiting_since IS NOT NULL
                          THEN waiting_reason ELSE :reason END,
    waiting_unattended = NULL, -- an agent was there: not one nobody could answer
    auto_assigned_at = NULL, passed_by = NULL -- an agent's decision, not auto-assignment's
WHERE id = :id AND status <> 'CLOSED' AND COALESCE(assigned_agent, '') = :from
