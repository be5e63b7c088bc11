-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO settings (key, value, updated_at) VALUES (:key, :value, :updated_at)
ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
