-- SPDX-License-Identifier: GPL-3.0-or-later
UPDATE chat_sessions
SET status = 'WAITING', assigned_agent = NULL, auto_assigned_at = NULL, passed_by = :passed_by,
    waiting_since = :now, waiting_reason = 'unanswered',
    waiting_unattended = NULL, updated_at = :now_again
WHERE id = :id AND status = 'ASSIGNED' AND assigned_agent = :agent
  AND auto_assigned_at IS NOT NULL
