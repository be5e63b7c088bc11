-- SPDX-License-Identifier: GPL-3.0-or-later
DELETE FROM labels WHERE id = :id
