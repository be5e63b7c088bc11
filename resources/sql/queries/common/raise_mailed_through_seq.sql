-- SPDX-License-Identifier: GPL-3.0-or-later
-- The replies :first_seq..:last_seq are being e-mailed: changes nothing (no row) if any of them
-- was already, so that two nodes that read overlapping replies never mail one twice.
UPDATE chat_sessions SET mailed_through_seq = :last_seq
WHERE id = :id AND mailed_through_seq < :first_seq
