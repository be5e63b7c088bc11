-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT id, shortcut, title, body, created_at, updated_at, updated_by FROM canned_responses
WHERE id = :id
