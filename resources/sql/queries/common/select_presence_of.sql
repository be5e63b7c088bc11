-- SPDX-License-Identifier: GPL-3.0-or-later
-- Rows older than the lifetime are of a node that stopped renewing them: they count for nothing.
SELECT COUNT(*) AS nodes, COALESCE(MAX(away), 0) AS away FROM agent_presence
WHERE username = :username AND streams > 0 AND heartbeat_at >= :fresh_after
