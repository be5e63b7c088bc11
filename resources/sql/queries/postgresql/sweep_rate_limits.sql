-- SPDX-License-Identifier: GPL-3.0-or-later
DELETE FROM rate_limit_windows WHERE coalesce(hits[cardinality(hits)], 0) <= :before
