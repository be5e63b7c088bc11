-- SPDX-License-Identifier: GPL-3.0-or-later
-- A message appended alone (frontline_append_message) keeps its sources, in its transaction.
UPDATE chat_messages SET sources = :sources WHERE id = :id
