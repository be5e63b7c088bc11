-- SPDX-License-Identifier: GPL-3.0-or-later
-- The events of the transactions that finished since the last read (txid from :from up to the
-- new watermark, returned on every row and alone when there is no event), in insertion order,
-- except those of the node that reads them.
SELECT w.watermark, e.node, e.kind, e.subject, e.number, e.actor
FROM (SELECT CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS TEXT) AS BIGINT) AS watermark) AS w
LEFT JOIN cluster_events e ON e.txid >= :from AND e.txid < w.watermark AND e.node <> :node
ORDER BY e.id
