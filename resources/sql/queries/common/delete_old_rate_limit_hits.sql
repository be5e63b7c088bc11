-- SPDX-License-Identifier: GPL-3.0-or-later
DELETE FROM rate_limit_hits WHERE at < :before
