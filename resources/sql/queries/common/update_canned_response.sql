-- SPDX-License-Identifier: GPL-3.0-or-later
UPDATE canned_responses
SET shortcut = :shortcut, title = :title, body = :body, updated_at = :updated_at,
    updated_by = :updated_by
WHERE id = :id
