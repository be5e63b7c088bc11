-- SPDX-License-Identifier: GPL-3.0-or-later
-- Rate-limit hits are kept per key, route and second with a count (a flood of refusals is
-- one row a second, not one row each). `at` stays the row's first refusal, `at_second` is
-- its second (at / 1000). The hits kept so far are folded the same way: the first row of
-- each key, route and second counts them all, the others go.
ALTER TABLE rate_limit_hits ADD COLUMN at_second INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rate_limit_hits ADD COLUMN hit_count INTEGER NOT NULL DEFAULT 1;
UPDATE rate_limit_hits SET at_second = at / 1000;
UPDATE rate_limit_hits SET hit_count = (
    SELECT COUNT(*) FROM rate_limit_hits AS same
    WHERE same.at_second = rate_limit_hits.at_second AND same.route = rate_limit_hits.route
      AND same.key_kind = rate_limit_hits.key_kind AND same.key = rate_limit_hits.key);
DELETE FROM rate_limit_hits WHERE id > (
    SELECT MIN(same.id) FROM rate_limit_hits AS same
    WHERE same.at_second = rate_limit_hits.at_second AND same.route = rate_limit_hits.route
      AND same.key_kind = rate_limit_hits.key_kind AND same.key = rate_limit_hits.key);
CREATE UNIQUE INDEX rate_limit_hits_row ON rate_limit_hits (at_second, route, key_kind, key);
