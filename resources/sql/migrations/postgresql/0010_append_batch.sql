-- SPDX-License-Identifier: GPL-3.0-or-later
-- One round trip per group of messages appended (a group commit): a single statement that
-- appends each message of p_batch in order with frontline_append_message (migration 0009)
-- and returns its row, each with `n`, the message's place in the batch (from 1). Run on its
-- own (autocommit), the statement is the group's transaction and its one disk sync.
--
-- p_batch is a JSON array of objects with the other function's parameters as members,
-- without their "p_" (session_id, id, role, content, sanitized, client_message_id,
-- agent_name, required_owner, now, day, user_key, sessions, messages_sent,
-- assistant_replies, rate_limited, tokens_in, tokens_out, also_daily_tokens_of); a member
-- that is missing or null is NULL. Nothing raises for one message (see 0009): a refusal or
-- failure is that message's outcome, and the others are committed.
CREATE FUNCTION frontline_append_messages(p_batch TEXT, p_cluster_node TEXT)
RETURNS TABLE (n BIGINT, outcome TEXT, message_id TEXT, message_session_id TEXT,
               message_seq BIGINT, message_role TEXT, message_content TEXT,
               message_sanitized BOOLEAN, message_client_message_id TEXT,
               message_agent_name TEXT, message_created_at BIGINT, session_status TEXT,
               session_assigned_agent TEXT, session_assistant_messages BIGINT,
               daily_tokens BIGINT, also_daily_tokens BIGINT, error_code TEXT,
               error_message TEXT)
LANGUAGE plpgsql AS '
DECLARE
    item RECORD;
BEGIN
    FOR item IN SELECT e.value AS m, e.ordinality AS place
                FROM jsonb_array_elements(CAST(p_batch AS JSONB)) WITH ORDINALITY AS e
                ORDER BY e.ordinality
    LOOP
        RETURN QUERY
        SELECT item.place, a.*
        FROM frontline_append_message(
            item.m->>''session_id'', item.m->>''id'', item.m->>''role'', item.m->>''content'',
            CAST(item.m->>''sanitized'' AS BOOLEAN), item.m->>''client_message_id'',
            item.m->>''agent_name'', item.m->>''required_owner'',
            CAST(item.m->>''now'' AS BIGINT), item.m->>''day'', item.m->>''user_key'',
            CAST(item.m->>''sessions'' AS BIGINT), CAST(item.m->>''messages_sent'' AS BIGINT),
            CAST(item.m->>''assistant_replies'' AS BIGINT),
            CAST(item.m->>''rate_limited'' AS BIGINT), CAST(item.m->>''tokens_in'' AS BIGINT),
            CAST(item.m->>''tokens_out'' AS BIGINT), item.m->>''also_daily_tokens_of'',
            p_cluster_node) AS a;
    END LOOP;
END
';
