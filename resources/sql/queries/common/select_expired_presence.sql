-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT DISTINCT username FROM agent_presence WHERE heartbeat_at < :fresh_after
