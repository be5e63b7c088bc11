-- SPDX-License-Identifier: GPL-3.0-or-later
-- Attachments (issue 19): the files customers and agents attach, in the database so that every
-- node serves them and a backup holds them. What a file is was decided from its bytes and an
-- image was decoded and re-encoded before it gets here (backend/media); its thumbnail is kept
-- beside it. An attachment belongs to its session, and deleting the session deletes it; the
-- same client id twice in a session is one attachment (an upload retried after a network
-- failure).
CREATE TABLE attachments (
    id             TEXT PRIMARY KEY,
    session_id     TEXT NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    client_id      TEXT,
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           BIGINT NOT NULL,
    width          INTEGER NOT NULL DEFAULT 0,
    height         INTEGER NOT NULL DEFAULT 0,
    uploaded_by    TEXT,
    created_at     BIGINT NOT NULL,
    thumbnail_type TEXT,
    -- Last, so that reading what an attachment is never reads its bytes.
    thumbnail      BYTEA,
    bytes          BYTEA NOT NULL
);
CREATE INDEX attachments_session ON attachments (session_id);
CREATE UNIQUE INDEX attachments_client_id ON attachments (session_id, client_id)
    WHERE client_id IS NOT NULL;

-- What a message carries: a JSON array of its attachments as they were when it was sent
-- ({"id","filename","contentType","size","width","height","thumbnail"}), read with the
-- message and so costing no query of its own; NULL for a message without any.
ALTER TABLE chat_messages ADD COLUMN attachments TEXT;

-- Secrets every node of this database shares, made once by the first node that needs one
-- (the key that signs attachments' URLs, so that any node serves a link another node made).
CREATE TABLE server_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- frontline_append_messages (0011) keeps a message's attachments: the rest is as it was.
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
        -- The message''s attachments (checked to belong to its session before), kept with it.
        IF a.outcome = ''stored'' AND item.m->''attachments'' IS NOT NULL THEN
            UPDATE chat_messages SET attachments = item.m->>''attachments''
            WHERE id = a.message_id;
        END IF;
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
