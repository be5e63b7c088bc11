-- SPDX-License-Identifier: GPL-3.0-or-later
-- In the transaction of the change it describes; the notification goes out at its commit.
WITH event AS (
    INSERT INTO cluster_events (txid, node, kind, subject, number, actor, at)
    VALUES (CAST(CAST(pg_current_xact_id() AS TEXT) AS BIGINT), :node, :kind, :subject, :number, :actor, :at)
    RETURNING id
)
SELECT pg_notify('frontline_events', '') FROM event
