-- SPDX-License-Identifier: GPL-3.0-or-later
-- A group of appends in one round trip (migration 0010); run on its own, it is the group's
-- transaction.
SELECT n, outcome, message_id, message_session_id, message_seq, message_role, message_content,
       message_sanitized, message_client_message_id, message_agent_name, message_created_at,
       session_status, session_assigned_agent, session_assistant_messages, daily_tokens,
       also_daily_tokens, error_code, error_message
FROM frontline_append_messages(:batch, :cluster_node)
