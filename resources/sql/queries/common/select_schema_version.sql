-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT MAX(version) FROM schema_migrations
