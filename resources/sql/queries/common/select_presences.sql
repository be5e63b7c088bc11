-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT username, MAX(away) AS away FROM agent_presence
WHERE streams > 0 AND heartbeat_at >= :fresh_after
GROUP BY username
