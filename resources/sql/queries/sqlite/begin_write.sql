-- SPDX-License-Identifier: GPL-3.0-or-later
-- IMMEDIATE takes the write lock at once (waiting up to busy_timeout), so a transaction
-- that reads before it writes cannot fail half-way with SQLITE_BUSY.
BEGIN IMMEDIATE
