-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT id, name, colour, created_at FROM labels ORDER BY name_key
