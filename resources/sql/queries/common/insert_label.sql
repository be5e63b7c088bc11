-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO labels (name, name_key, colour, created_at)
VALUES (:name, :name_key, :colour, :created_at)
RETURNING id
