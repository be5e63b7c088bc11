-- SPDX-License-Identifier: GPL-3.0-or-later
-- Seen: the seq of the newest message the customer's chat page has shown (0 before any), as
-- the page reported it (POST /api/chat/seen). It only grows.
ALTER TABLE chat_sessions ADD COLUMN customer_seen_seq BIGINT NOT NULL DEFAULT 0;
