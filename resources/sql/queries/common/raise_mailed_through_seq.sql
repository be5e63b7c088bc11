-- SPDX-License-Identifier: GPL-3.0-or-later
-- The replies up to :seq are being e-mailed: changes nothing (no row) if they were already.
UPDATE chat_sessions SET mailed_through_seq = :seq
WHERE id = :id AND mailed_through_seq < :seq
