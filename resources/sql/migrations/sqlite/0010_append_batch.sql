-- SPDX-License-Identifier: GPL-3.0-or-later
-- PostgreSQL's migration of this number installs the function that appends a group of
-- messages in one round trip. SQLite, in the process, needs none: this one only keeps the
-- two schemas' versions equal.
SELECT 1;
