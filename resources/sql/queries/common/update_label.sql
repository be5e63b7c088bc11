-- SPDX-License-Identifier: GPL-3.0-or-later
UPDATE labels SET name = :name, name_key = :name_key, colour = :colour WHERE id = :id
