-- SPDX-License-Identifier: GPL-3.0-or-later
-- One statement decides: of two agents claiming at once (on any nodes), exactly one
-- updates the row. A claim ends what auto-assignment had started.
UPDATE chat_sessions
SET status = 'ASSIGNED', assigned_agent = :agent, updated_at = :updated_at,
    waiting_since = NULL, waiting_reason = NULL, waiting_unattended = NULL, auto_assigned_at = NULL, passed_by = NULL
WHERE id = :id AND status <> 'CLOSED' AND (assigned_agent IS NULL OR assigned_agent = :agent_again)
