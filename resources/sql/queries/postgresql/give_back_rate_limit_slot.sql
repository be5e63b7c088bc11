-- SPDX-License-Identifier: GPL-3.0-or-later
-- Takes one time `at` out of a bucket (a sign-in that succeeded gives its slot back). The
-- position is found in the row as locked by this update, so a concurrent step cannot shift it.
-- (The slices keep a space after their colon: Qt reads ":name" as a placeholder.)
UPDATE rate_limit_windows
SET hits = hits[1 : array_position(hits, CAST(:at AS BIGINT)) - 1]
           || hits[array_position(hits, CAST(:at_again AS BIGINT)) + 1 : cardinality(hits)]
WHERE bucket = :bucket AND CAST(:at_check AS BIGINT) = ANY (hits)
