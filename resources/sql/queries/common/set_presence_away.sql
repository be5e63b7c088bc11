-- SPDX-License-Identifier: GPL-3.0-or-later
-- Away or back, on every node's row of the agent: the agent's, not one console's.
UPDATE agent_presence SET away = :away WHERE username = :username AND heartbeat_at >= :fresh_after
