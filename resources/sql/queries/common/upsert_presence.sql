-- SPDX-License-Identifier: GPL-3.0-or-later
-- This node's count of an agent's streams, renewed; a new row takes the agent's away as it is.
INSERT INTO agent_presence (node, username, streams, away, heartbeat_at)
VALUES (:node, :username, :streams, :away, :heartbeat_at)
ON CONFLICT (node, username) DO UPDATE
SET streams = excluded.streams, heartbeat_at = excluded.heartbeat_at
