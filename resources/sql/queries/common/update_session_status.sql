-- SPDX-License-Identifier: GPL-3.0-or-later
UPDATE chat_sessions
SET status = :status, assigned_agent = :assigned_agent, updated_at = :updated_at
WHERE id = :id
