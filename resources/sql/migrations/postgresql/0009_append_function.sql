-- SPDX-License-Identifier: GPL-3.0-or-later
-- One round trip per message appended.
--
-- chat_sessions.assistant_messages: how many of the session's messages are the assistant's
-- (what its reply limit counts), kept by every append rather than counted over a long
-- conversation. The sessions kept so far are counted once, in one grouped pass.
ALTER TABLE chat_sessions ADD COLUMN assistant_messages BIGINT NOT NULL DEFAULT 0;
UPDATE chat_sessions SET assistant_messages = counted.messages
FROM (SELECT session_id, COUNT(*) AS messages FROM chat_messages
      WHERE role = 'ASSISTANT' GROUP BY session_id) AS counted
WHERE chat_sessions.id = counted.session_id;

-- Appends one message inside the caller's transaction: everything SqlStore did in a
-- statement each (SQLite still does), so that a message costs one round trip.
--
-- 1. A message whose client id the session already holds is not stored again: the stored one
--    comes back as 'duplicate' and the charge is not applied.
-- 2. Otherwise taking the next number (last_seq) locks the session's row until commit, so
--    concurrent appends to one session (from any connection or node) are numbered one after
--    the other without gaps. With p_required_owner (an agent's reply) the same statement
--    checks that the session is still assigned to that agent.
-- 3. The message, the usage counters and daily tokens of the charge (p_user_key NULL: none;
--    p_also_daily_tokens_of: a second key whose day the tokens count for), and with
--    p_cluster_node the event for the other nodes (its NOTIFY goes out at commit).
--
-- Nothing raises, so that a refusal never aborts the transaction, which holds the other
-- appends of a group commit: the work runs in a block whose exception handler undoes it
-- (as a savepoint would) and returns what went wrong. The outcome is
--   'stored'     the message is in, numbered;
--   'duplicate'  its client id was already stored: the message columns are that one's;
--   'not_found'  no such session;
--   'changed'    the session exists but is not assigned to p_required_owner;
--   'error'      any other failure, undone: error_code (SQLSTATE) and error_message say it.
-- Another connection may commit the same client id between the check of step 1 and the
-- insert: the unique index refuses ours, the block is undone and tried again, and the check
-- then finds theirs.
-- For 'stored' and 'duplicate' the row also says how the session stands once the message is
-- in (status, assigned agent, assistant messages) and the day's tokens (the UTC day p_day) of
-- p_user_key and of p_also_daily_tokens_of (0 for a key not given).
CREATE FUNCTION frontline_append_message(
    p_session_id TEXT, p_id TEXT, p_role TEXT, p_content TEXT, p_sanitized BOOLEAN,
    p_client_message_id TEXT, p_agent_name TEXT, p_required_owner TEXT, p_now BIGINT,
    p_day TEXT, p_user_key TEXT, p_sessions BIGINT, p_messages_sent BIGINT,
    p_assistant_replies BIGINT, p_rate_limited BIGINT, p_tokens_in BIGINT, p_tokens_out BIGINT,
    p_also_daily_tokens_of TEXT, p_cluster_node TEXT)
RETURNS TABLE (outcome TEXT, message_id TEXT, message_session_id TEXT, message_seq BIGINT,
               message_role TEXT, message_content TEXT, message_sanitized BOOLEAN,
               message_client_message_id TEXT, message_agent_name TEXT,
               message_created_at BIGINT, session_status TEXT, session_assigned_agent TEXT,
               session_assistant_messages BIGINT, daily_tokens BIGINT,
               also_daily_tokens BIGINT, error_code TEXT, error_message TEXT)
LANGUAGE plpgsql AS '
DECLARE
    spent BIGINT := coalesce(p_tokens_in, 0) + coalesce(p_tokens_out, 0);
    refused_by TEXT;
BEGIN
    FOR attempt IN 1..2 LOOP
        BEGIN
            outcome := NULL;
            daily_tokens := 0;
            also_daily_tokens := 0;
            IF p_client_message_id IS NOT NULL THEN
                SELECT m.id, m.session_id, m.seq, m.role, m.content, m.sanitized,
                       m.client_message_id, m.agent_name, m.created_at
                INTO message_id, message_session_id, message_seq, message_role,
                     message_content, message_sanitized, message_client_message_id,
                     message_agent_name, message_created_at
                FROM chat_messages m
                WHERE m.session_id = p_session_id AND m.client_message_id = p_client_message_id;
                IF FOUND THEN
                    outcome := ''duplicate'';
                    SELECT s.status, s.assigned_agent, s.assistant_messages
                    INTO session_status, session_assigned_agent, session_assistant_messages
                    FROM chat_sessions s WHERE s.id = p_session_id;
                END IF;
            END IF;

            IF outcome IS NULL THEN
                UPDATE chat_sessions s
                SET last_seq = s.last_seq + 1, updated_at = p_now, last_message_at = p_now,
                    assistant_messages = s.assistant_messages
                        + CASE WHEN p_role = ''ASSISTANT'' THEN 1 ELSE 0 END
                WHERE s.id = p_session_id
                  AND (p_required_owner IS NULL
                       OR (s.status = ''ASSIGNED'' AND s.assigned_agent = p_required_owner))
                RETURNING s.last_seq, s.status, s.assigned_agent, s.assistant_messages
                INTO message_seq, session_status, session_assigned_agent,
                     session_assistant_messages;
                IF NOT FOUND THEN
                    IF p_required_owner IS NOT NULL
                       AND EXISTS (SELECT 1 FROM chat_sessions s WHERE s.id = p_session_id) THEN
                        outcome := ''changed'';
                    ELSE
                        outcome := ''not_found'';
                    END IF;
                    RETURN NEXT;
                    RETURN;
                END IF;

                INSERT INTO chat_messages (id, session_id, seq, role, content, sanitized,
                                           client_message_id, agent_name, created_at)
                VALUES (p_id, p_session_id, message_seq, p_role, p_content, p_sanitized,
                        p_client_message_id, p_agent_name, p_now);
                message_id := p_id;
                message_session_id := p_session_id;
                message_role := p_role;
                message_content := p_content;
                message_sanitized := p_sanitized;
                message_client_message_id := p_client_message_id;
                message_agent_name := p_agent_name;
                message_created_at := p_now;

                IF p_user_key IS NOT NULL THEN
                    INSERT INTO user_usage_stats AS u (user_key, sessions, messages_sent,
                        assistant_replies, rate_limited, tokens_in, tokens_out, last_active_at)
                    VALUES (p_user_key, p_sessions, p_messages_sent, p_assistant_replies,
                            p_rate_limited, p_tokens_in, p_tokens_out, p_now)
                    ON CONFLICT (user_key) DO UPDATE SET
                        sessions = u.sessions + excluded.sessions,
                        messages_sent = u.messages_sent + excluded.messages_sent,
                        assistant_replies = u.assistant_replies + excluded.assistant_replies,
                        rate_limited = u.rate_limited + excluded.rate_limited,
                        tokens_in = u.tokens_in + excluded.tokens_in,
                        tokens_out = u.tokens_out + excluded.tokens_out,
                        last_active_at = excluded.last_active_at;
                    IF spent > 0 THEN
                        INSERT INTO user_daily_tokens AS d (user_key, day, tokens)
                        VALUES (p_user_key, p_day, spent)
                        ON CONFLICT (user_key, day) DO UPDATE SET tokens = d.tokens + excluded.tokens
                        RETURNING d.tokens INTO daily_tokens;
                        IF p_also_daily_tokens_of IS NOT NULL THEN
                            INSERT INTO user_daily_tokens AS d (user_key, day, tokens)
                            VALUES (p_also_daily_tokens_of, p_day, spent)
                            ON CONFLICT (user_key, day) DO UPDATE SET tokens = d.tokens + excluded.tokens
                            RETURNING d.tokens INTO also_daily_tokens;
                        END IF;
                    END IF;
                END IF;

                IF p_cluster_node IS NOT NULL THEN
                    INSERT INTO cluster_events (txid, node, kind, subject, number, actor, at)
                    VALUES (CAST(CAST(pg_current_xact_id() AS TEXT) AS BIGINT), p_cluster_node,
                            ''message'', p_session_id, message_seq, '''', p_now);
                    PERFORM pg_notify(''frontline_events'', '''');
                END IF;
                outcome := ''stored'';
            END IF;

            -- The day so far of each key given, where this message added nothing to it.
            IF p_user_key IS NOT NULL AND (outcome = ''duplicate'' OR spent <= 0) THEN
                SELECT coalesce(max(d.tokens), 0) INTO daily_tokens
                FROM user_daily_tokens d WHERE d.user_key = p_user_key AND d.day = p_day;
                IF p_also_daily_tokens_of IS NOT NULL THEN
                    SELECT coalesce(max(d.tokens), 0) INTO also_daily_tokens
                    FROM user_daily_tokens d
                    WHERE d.user_key = p_also_daily_tokens_of AND d.day = p_day;
                END IF;
            END IF;
            RETURN NEXT;
            RETURN;
        EXCEPTION
            WHEN unique_violation THEN
                GET STACKED DIAGNOSTICS refused_by = CONSTRAINT_NAME;
                IF refused_by IS DISTINCT FROM ''chat_messages_client_id'' OR attempt > 1 THEN
                    outcome := ''error'';
                    error_code := SQLSTATE;
                    error_message := SQLERRM;
                    RETURN NEXT;
                    RETURN;
                END IF;
                -- Committed by another connection meanwhile: the check now finds it.
            WHEN query_canceled OR OTHERS THEN
                outcome := ''error'';
                error_code := SQLSTATE;
                error_message := SQLERRM;
                RETURN NEXT;
                RETURN;
        END;
    END LOOP;
END
';
