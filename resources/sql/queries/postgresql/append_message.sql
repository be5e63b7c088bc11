-- SPDX-License-Identifier: GPL-3.0-or-later
-- The whole append in one round trip (migration 0009 describes the function); it never
-- raises: a refusal or failure comes back as the outcome, with the transaction still usable.
SELECT outcome, message_id, message_session_id, message_seq, message_role, message_content,
       message_sanitized, message_client_message_id, message_agent_name, message_created_at,
       session_status, session_assigned_agent, session_assistant_messages, daily_tokens,
       also_daily_tokens, error_code, error_message
FROM frontline_append_message(:session_id, :id, :role, :content, :sanitized,
                              :client_message_id, :agent_name, :required_owner, :now, :day,
                              :user_key, :sessions, :messages_sent, :assistant_replies,
                              :rate_limited, :tokens_in, :tokens_out, :also_daily_tokens_of,
                              :cluster_node)
