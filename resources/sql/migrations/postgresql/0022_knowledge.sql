-- SPDX-License-Identifier: GPL-3.0-or-later
-- The knowledge base (issue 21): articles administrators write in Markdown, read by the
-- assistant in passages found by full-text search, and the customers' questions it had no
-- answer to. An article's passages are written again whenever it changes.
CREATE TABLE knowledge_articles (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    url        TEXT NOT NULL DEFAULT '',
    locale     TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Search without accents: unaccent is STABLE (its dictionary could change), an index needs an
-- IMMUTABLE function; the rules file is the one the extension ships, which we never change.
-- Conversation search (0023) uses the same function.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE OR REPLACE FUNCTION frontline_unaccent(p_text TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS 'SELECT unaccent(''unaccent''::regdictionary, p_text)';

-- The article's title and language are copied into each passage: a generated column reads its
-- own row only. The words are those of the article's language (simple for none), the title
-- weighing most, then the heading.
CREATE TABLE knowledge_passages (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES knowledge_articles (id) ON DELETE CASCADE,
    ordinal    INTEGER NOT NULL,
    locale     TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL,
    heading    TEXT NOT NULL DEFAULT '',
    content    TEXT NOT NULL,
    words      TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector(CASE locale WHEN 'fr' THEN 'french'::regconfig
                                          WHEN 'en' THEN 'english'::regconfig
                                          ELSE 'simple'::regconfig END,
                              frontline_unaccent(title)), 'A')
        || setweight(to_tsvector(CASE locale WHEN 'fr' THEN 'french'::regconfig
                                             WHEN 'en' THEN 'english'::regconfig
                                             ELSE 'simple'::regconfig END,
                                 frontline_unaccent(heading)), 'B')
        || to_tsvector(CASE locale WHEN 'fr' THEN 'french'::regconfig
                                   WHEN 'en' THEN 'english'::regconfig
                                   ELSE 'simple'::regconfig END,
                       frontline_unaccent(content))) STORED
);
CREATE INDEX knowledge_passages_article ON knowledge_passages (article_id, ordinal);
CREATE INDEX knowledge_passages_words ON knowledge_passages USING GIN (words);

CREATE TABLE unanswered_questions (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id   TEXT NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    question     TEXT NOT NULL,
    folded       TEXT NOT NULL,
    locale       TEXT NOT NULL DEFAULT '',
    asked_at     BIGINT NOT NULL,
    dismissed_at BIGINT
);
CREATE UNIQUE INDEX unanswered_questions_once ON unanswered_questions (session_id, folded);
CREATE INDEX unanswered_questions_asked ON unanswered_questions (asked_at);

-- What an assistant's answer was taken from: a JSON array of {"title","url"?}; NULL for none.
ALTER TABLE chat_messages ADD COLUMN sources TEXT;

-- frontline_append_messages (0020) keeps a message's sources too: the rest is as it was.
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
        -- And the sources of an assistant''s answer.
        IF a.outcome = ''stored'' AND item.m->''sources'' IS NOT NULL THEN
            UPDATE chat_messages SET sources = item.m->>''sources''
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
