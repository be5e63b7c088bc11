-- SPDX-License-Identifier: GPL-3.0-or-later
-- Appends that several connections can make at once (one per share of the sessions, and
-- one per node), each costing the database less.
--
-- 1. A group of appends charges its usage at the end, once per key and in key order, so that
--    groups appending at once neither wait for each other long nor deadlock.
--
-- Until now each message of a group charged its key as it went (0009): a group held the
-- lock of every usage row it touched from that message until its commit, in the order of
-- its messages. Two groups appending at once to different sessions wait for each other as
-- soon as they share a key (the day's tokens of an address are charged by every answer to
-- it), and deadlock when they share two in opposite orders.
--
-- frontline_append_messages now appends each message with frontline_append_message without
-- a charge, keeps the rows, then applies the charges of the messages stored: the usage
-- counters summed per key, then the day's tokens summed per key and day, each in key order.
-- Every message's daily_tokens and also_daily_tokens are what they would have been message
-- by message: the key's day before the group plus what the group charged it up to that
-- message. The rows and the parameters are those of migration 0010.
--
-- 2. The group's cluster events are written at the end too, in one statement, with one
--    notification whose payload names the node (0009 wrote one event and sent one empty
--    notification per message): a node's listener is not woken by its own messages.
--
-- 3. Two index entries fewer per message: the assistant's reply limit reads
--    chat_sessions.assistant_messages since 0009, so the index that made counting a
--    session's answers cheap (0005) only costs every message now; and most messages (the
--    assistant's answers, agents' replies) have no client id, so the unique index of client
--    ids holds only those that have one.
DROP INDEX IF EXISTS chat_messages_session_role;
DROP INDEX chat_messages_client_id;
CREATE UNIQUE INDEX chat_messages_client_id ON chat_messages (session_id, client_message_id)
    WHERE client_message_id IS NOT NULL;

-- One message's row of frontline_append_messages, kept until the charges are applied.
CREATE TYPE frontline_appended AS (
    n BIGINT, outcome TEXT, message_id TEXT, message_session_id TEXT, message_seq BIGINT,
    message_role TEXT, message_content TEXT, message_sanitized BOOLEAN,
    message_client_message_id TEXT, message_agent_name TEXT, message_created_at BIGINT,
    session_status TEXT, session_assigned_agent TEXT, session_assistant_messages BIGINT,
    error_code TEXT, error_message TEXT);

-- What a message charges, and whether it was stored (a duplicate charges nothing, but its
-- row still says how its keys' day stands).
CREATE TYPE frontline_charge AS (
    n BIGINT, stored BOOLEAN, user_key TEXT, also_daily_tokens_of TEXT, day TEXT,
    sessions BIGINT, messages_sent BIGINT, assistant_replies BIGINT, rate_limited BIGINT,
    tokens_in BIGINT, tokens_out BIGINT, at BIGINT);

CREATE OR REPLACE FUNCTION frontline_append_messages(p_batch TEXT, p_cluster_node TEXT)
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
    a RECORD;
    appended frontline_appended[] := ''{}'';
    charges frontline_charge[] := ''{}'';
BEGIN
    FOR item IN SELECT e.value AS m, e.ordinality AS place
                FROM jsonb_array_elements(CAST(p_batch AS JSONB)) WITH ORDINALITY AS e
                ORDER BY e.ordinality
    LOOP
        SELECT * INTO a
        FROM frontline_append_message(
            item.m->>''session_id'', item.m->>''id'', item.m->>''role'', item.m->>''content'',
            CAST(item.m->>''sanitized'' AS BOOLEAN), item.m->>''client_message_id'',
            item.m->>''agent_name'', item.m->>''required_owner'',
            CAST(item.m->>''now'' AS BIGINT), item.m->>''day'', NULL, NULL, NULL, NULL, NULL,
            NULL, NULL, NULL, NULL);
        appended := appended || ROW(item.place, a.outcome, a.message_id, a.message_session_id,
            a.message_seq, a.message_role, a.message_content, a.message_sanitized,
            a.message_client_message_id, a.message_agent_name, a.message_created_at,
            a.session_status, a.session_assigned_agent, a.session_assistant_messages,
            a.error_code, a.error_message)::frontline_appended;
        IF a.outcome IN (''stored'', ''duplicate'') AND item.m->>''user_key'' IS NOT NULL THEN
            charges := charges || ROW(item.place, a.outcome = ''stored'', item.m->>''user_key'',
                item.m->>''also_daily_tokens_of'', item.m->>''day'',
                coalesce(CAST(item.m->>''sessions'' AS BIGINT), 0),
                coalesce(CAST(item.m->>''messages_sent'' AS BIGINT), 0),
                coalesce(CAST(item.m->>''assistant_replies'' AS BIGINT), 0),
                coalesce(CAST(item.m->>''rate_limited'' AS BIGINT), 0),
                coalesce(CAST(item.m->>''tokens_in'' AS BIGINT), 0),
                coalesce(CAST(item.m->>''tokens_out'' AS BIGINT), 0),
                CAST(item.m->>''now'' AS BIGINT))::frontline_charge;
        END IF;
    END LOOP;

    -- The other nodes'' events, in the order of the messages, and one notification for the
    -- group that names this node: its own listener need not wake up for it.
    IF p_cluster_node IS NOT NULL THEN
        INSERT INTO cluster_events (txid, node, kind, subject, number, actor, at)
        SELECT CAST(CAST(pg_current_xact_id() AS TEXT) AS BIGINT), p_cluster_node, ''message'',
               r.message_session_id, r.message_seq, '''', r.message_created_at
        FROM unnest(appended) AS r
        WHERE r.outcome = ''stored''
        ORDER BY r.n;
        IF FOUND THEN
            PERFORM pg_notify(''frontline_events'', p_cluster_node);
        END IF;
    END IF;

    INSERT INTO user_usage_stats AS u (user_key, sessions, messages_sent, assistant_replies,
        rate_limited, tokens_in, tokens_out, last_active_at)
    SELECT c.user_key, sum(c.sessions), sum(c.messages_sent), sum(c.assistant_replies),
           sum(c.rate_limited), sum(c.tokens_in), sum(c.tokens_out), max(c.at)
    FROM unnest(charges) AS c
    WHERE c.stored
    GROUP BY c.user_key
    ORDER BY c.user_key
    ON CONFLICT (user_key) DO UPDATE SET
        sessions = u.sessions + excluded.sessions,
        messages_sent = u.messages_sent + excluded.messages_sent,
        assistant_replies = u.assistant_replies + excluded.assistant_replies,
        rate_limited = u.rate_limited + excluded.rate_limited,
        tokens_in = u.tokens_in + excluded.tokens_in,
        tokens_out = u.tokens_out + excluded.tokens_out,
        last_active_at = greatest(u.last_active_at, excluded.last_active_at);

    RETURN QUERY
    WITH spent AS (
        -- Each message''s tokens for each of its keys (which: 1 its own, 2 the other one).
        SELECT c.n, k.which, k.key, c.day,
               CASE WHEN c.stored THEN c.tokens_in + c.tokens_out ELSE 0 END AS tokens
        FROM unnest(charges) AS c
        CROSS JOIN LATERAL (VALUES (1, c.user_key), (2, c.also_daily_tokens_of)) AS k(which, key)
        WHERE k.key IS NOT NULL
    ), added AS (
        INSERT INTO user_daily_tokens AS d (user_key, day, tokens)
        SELECT s.key, s.day, sum(s.tokens)
        FROM spent AS s
        GROUP BY s.key, s.day
        HAVING sum(s.tokens) > 0
        ORDER BY s.key, s.day
        ON CONFLICT (user_key, day) DO UPDATE SET tokens = d.tokens + excluded.tokens
        RETURNING d.user_key, d.day, d.tokens
    ), before AS (
        -- Each key''s day before this group: what is stored now, less what the group added.
        SELECT s.key, s.day,
               CAST(coalesce(max(ad.tokens), max(stored.tokens), 0) - sum(s.tokens) AS BIGINT)
                   AS tokens
        FROM spent AS s
        LEFT JOIN added AS ad ON ad.user_key = s.key AND ad.day = s.day
        LEFT JOIN user_daily_tokens AS stored ON stored.user_key = s.key AND stored.day = s.day
        GROUP BY s.key, s.day
    ), running AS (
        SELECT s.n, s.which,
               CAST(b.tokens + sum(s.tokens) OVER (PARTITION BY s.key, s.day
                                                   ORDER BY s.n, s.which) AS BIGINT) AS tokens
        FROM spent AS s
        JOIN before AS b ON b.key = s.key AND b.day = s.day
    )
    SELECT r.n, r.outcome, r.message_id, r.message_session_id, r.message_seq, r.message_role,
           r.message_content, r.message_sanitized, r.message_client_message_id,
           r.message_agent_name, r.message_created_at, r.session_status,
           r.session_assigned_agent, r.session_assistant_messages,
           coalesce((SELECT x.tokens FROM running AS x WHERE x.n = r.n AND x.which = 1), 0),
           coalesce((SELECT x.tokens FROM running AS x WHERE x.n = r.n AND x.which = 2), 0),
           r.error_code, r.error_message
    FROM unnest(appended) AS r
    ORDER BY r.n;
END
';
