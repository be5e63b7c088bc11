-- SPDX-License-Identifier: GPL-3.0-or-later
DELETE FROM canned_responses WHERE id = :id
