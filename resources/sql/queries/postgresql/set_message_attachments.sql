-- SPDX-License-Identifier: GPL-3.0-or-later
-- A message appended alone (frontline_append_message) keeps its attachments, in its transaction.
UPDATE chat_messages SET attachments = :attachments WHERE id = :id
