-- SPDX-License-Identifier: GPL-3.0-or-later
-- Serialises schema upgrades of nodes that start at the same time; released at commit.
SELECT pg_advisory_xact_lock(7418235)
