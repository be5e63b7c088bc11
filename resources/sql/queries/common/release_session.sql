-- SPDX-License-Identifier: GPL-3.0-or-later
UPDATE chat_sessions
SET status = 'ACTIVE', assigned_agent = NULL, updated_at = :updated_at
WHERE id = :id AND status = 'ASSIGNED' AND assigned_agent = :agent
