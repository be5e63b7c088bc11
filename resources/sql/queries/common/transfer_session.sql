-- SPDX-License-Identifier: GPL-3.0-or-later
-- To another agent, only if the owner is still the one the transfer was decided on (:from, ''
-- for nobody): of a transfer and a claim or another transfer at once, on any node, one wins.
UPDATE chat_sessions
SET status = 'ASSIGNED', assigned_agent = :to, updated_at = :updated_at,
    waiting_since = NULL, waiting_reason = NULL, waiting_unattended = NULL,
    auto_assigned_at = NULL, passed_by = NULL -- an agent's decision, not auto-assignment's
WHERE id = :id AND status <> 'CLOSED' AND COALESCE(assigned_agent, '') = :from
