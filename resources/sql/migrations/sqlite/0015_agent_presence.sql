-- SPDX-License-Identifier: GPL-3.0-or-later
-- Who of the agents is there (issue 18, presence). Each node keeps one row per agent who has
-- event streams open on it: how many, whether the agent set themselves away, and when the node
-- last renewed the row. A table rather than events in cluster_events with an expiry: a node
-- that dies cannot say so, so what it said must fade by itself; here its rows stop being renewed
-- and count for nothing once older than the presence lifetime, and the next node to renew its
-- own forgets them and announces the change (chat/agentpresence.h). One node on SQLite: the same
-- table, so that both databases answer alike.
CREATE TABLE agent_presence (
    node         TEXT NOT NULL,
    username     TEXT NOT NULL,
    streams      INTEGER NOT NULL,
    away         INTEGER NOT NULL DEFAULT 0,
    heartbeat_at INTEGER NOT NULL,
    PRIMARY KEY (node, username)
);
CREATE INDEX agent_presence_username ON agent_presence (username);
