-- SPDX-License-Identifier: GPL-3.0-or-later
-- Auto-assigned before :before, and no agent's message since.
SELECT s.id, s.assigned_agent, s.passed_by
FROM chat_sessions s
WHERE s.status = 'ASSIGNED' AND s.auto_assigned_at IS NOT NULL AND s.auto_assigned_at <= :before
  AND NOT EXISTS (SELECT 1 FROM chat_messages m
                  WHERE m.session_id = s.id AND m.role = 'AGENT'
                    AND m.created_at >= s.auto_assigned_at)
