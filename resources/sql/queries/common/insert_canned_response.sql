-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO canned_responses (shortcut, title, body, created_at, updated_at, updated_by)
VALUES (:shortcut, :title, :body, :created_at, :updated_at, :updated_by)
RETURNING id
