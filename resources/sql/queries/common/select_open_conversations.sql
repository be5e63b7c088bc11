-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT assigned_agent, COUNT(*) AS open_conversations FROM chat_sessions
WHERE status = 'ASSIGNED' AND assigned_agent IS NOT NULL
GROUP BY assigned_agent
