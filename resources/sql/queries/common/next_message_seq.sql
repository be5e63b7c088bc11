-- SPDX-License-Identifier: GPL-3.0-or-later
-- Taking the next number locks the session's row until commit, so concurrent appends
-- to one session (from any connection or node) are numbered one after the other.
UPDATE chat_sessions
SET last_seq = last_seq + 1, updated_at = :updated_at, last_message_at = :last_message_at
WHERE id = :id
RETURNING last_seq
