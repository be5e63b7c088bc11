-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO chat_messages (id, session_id, seq, role, content, sanitized, client_message_id, agent_name, created_at,
                           attachments, sources)
VALUES (:id, :session_id, :seq, :role, :content, :sanitized, :client_message_id, :agent_name,
        :created_at, :attachments, :sources)
