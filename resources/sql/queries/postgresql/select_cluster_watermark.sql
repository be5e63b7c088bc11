-- SPDX-License-Identifier: GPL-3.0-or-later
-- Every transaction with a lower id is over: committed (and visible) or rolled back.
SELECT CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS TEXT) AS BIGINT)
