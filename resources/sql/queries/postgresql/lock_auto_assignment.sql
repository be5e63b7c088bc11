-- SPDX-License-Identifier: GPL-3.0-or-later
-- One node at a time gives the queue out, until its transaction ends: two nodes counting
-- the same agent's open conversations at once would both give them one more.
SELECT pg_advisory_xact_lock(4711230018)
