-- SPDX-License-Identifier: GPL-3.0-or-later
-- Integer division of epoch milliseconds gives the minute in both dialects. A row counts
-- the refusals of its second.
SELECT (at / 60000) * 60000 AS minute, SUM(hit_count) AS hits
FROM rate_limit_hits
WHERE at >= :from AND at < :to
GROUP BY (at / 60000) * 60000
ORDER BY minute
