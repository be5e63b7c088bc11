-- SPDX-License-Identifier: GPL-3.0-or-later
-- The queue: since when a session waits for a human (milliseconds, like every time here) and
-- why (customer-asked, assistant-limit, assistant-unavailable), both NULL unless WAITING.
-- Sessions waiting already count from their last change, the best this database knows.
ALTER TABLE chat_sessions ADD COLUMN waiting_since BIGINT;
ALTER TABLE chat_sessions ADD COLUMN waiting_reason TEXT;
UPDATE chat_sessions SET waiting_since = updated_at WHERE status = 'WAITING';
