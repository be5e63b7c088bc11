-- SPDX-License-Identifier: GPL-3.0-or-later
-- Seen only grows, and never beyond the session's last message: a lower or equal seq changes
-- nothing (no row), and so does one beyond last_seq (refused before, kept out here too).
UPDATE chat_sessions
SET customer_seen_seq = :seq
WHERE id = :id AND customer_seen_seq < :seq_again AND last_seq >= :seq_last
