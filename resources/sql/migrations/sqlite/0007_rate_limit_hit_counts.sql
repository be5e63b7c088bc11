-- SPDX-License-Identifier: GPL-3.0-or-later
-- Rate-limit hits are kept per key, route and second with a count (a flood of refusals is
-- one row a second, not one row each). `at` stays the row's first refusal, `at_second` is
-- its second (at / 1000). The hits kept so far are folded the same way: the first row of
-- each key, route and second counts them all, the others go. Each step is one pass over
-- the table (grouped, not a subquery per row): it was never pruned and may be large.
ALTER TABLE rate_limit_hits ADD COLUMN at_second INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rate_limit_hits ADD COLUMN hit_count INTEGER NOT NULL DEFAULT 1;
UPDATE rate_limit_hits SET at_second = at / 1000;
UPDATE rate_limit_hits SET hit_count = folded.hits
FROM (SELECT MIN(id) AS first_id, COUNT(*) AS hits FROM rate_limit_hits
      GROUP BY at_second, route, key_kind, key HAVING COUNT(*) > 1) AS folded
WHERE rate_limit_hits.id = folded.first_id;
DELETE FROM rate_limit_hits WHERE id NOT IN (
    SELECT MIN(id) FROM rate_limit_hits GROUP BY at_second, route, key_kind, key);
CREATE UNIQUE INDEX rate_limit_hits_row ON rate_limit_hits (at_second, route, key_kind, key);
