-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT key, value FROM settings ORDER BY key
