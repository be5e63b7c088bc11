-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT COUNT(*) FROM chat_messages WHERE session_id = :session_id AND role = :role
