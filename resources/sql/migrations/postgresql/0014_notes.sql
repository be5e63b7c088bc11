-- SPDX-License-Identifier: GPL-3.0-or-later
-- Agents' internal notes are messages of a role of their own, NOTE: numbered in the session's
-- sequence like any message, shown to agents only (never to the customer nor the assistant).
ALTER TABLE chat_messages DROP CONSTRAINT chat_messages_role_check;
ALTER TABLE chat_messages ADD CONSTRAINT chat_messages_role_check
    CHECK (role IN ('USER', 'ASSISTANT', 'AGENT', 'SYSTEM', 'NOTE'));
