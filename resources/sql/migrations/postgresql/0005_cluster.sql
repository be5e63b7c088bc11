-- SPDX-License-Identifier: GPL-3.0-or-later
-- Several nodes on one database.
--
-- cluster_events: what each change was, written in the transaction that made it (so a
-- committed change always has its event, and a rolled-back one never does). Other nodes read
-- the rows of finished transactions only, by transaction id: every transaction whose id is
-- below the oldest one still running is over, so reading up to that watermark never skips a
-- row that commits late and never reads one twice. NOTIFY only wakes them up.
CREATE TABLE cluster_events (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    txid    BIGINT NOT NULL,
    node    TEXT NOT NULL,
    kind    TEXT NOT NULL,   -- message, session, rate-limit-hit, setting
    subject TEXT NOT NULL,   -- session id, hit id or setting key
    number  BIGINT NOT NULL, -- the message's seq, or 0
    actor   TEXT NOT NULL,
    at      BIGINT NOT NULL
);
CREATE INDEX cluster_events_txid ON cluster_events (txid);
CREATE INDEX cluster_events_at ON cluster_events (at);

-- The rate limiter's sliding logs, shared by every node. UNLOGGED: they need no crash
-- safety (losing them forgives a minute of use) and skip the write-ahead log.
-- Buckets and owners are hashes (of route, key kind and key; of key kind and key), so that
-- any text a client sends as a key travels safely in the lists below.
CREATE UNLOGGED TABLE rate_limit_windows (
    bucket TEXT PRIMARY KEY,
    owner  TEXT NOT NULL,      -- for lifting a block on every route at once
    hits   BIGINT[] NOT NULL   -- accepted requests' times (ms), oldest first
);
CREATE INDEX rate_limit_windows_owner ON rate_limit_windows (owner);

-- One atomic step of the limiter for one request: every bucket (one per key) forgets the
-- hits older than since_ms; if every bucket then holds fewer than max_hits and record is
-- set, each gets now_ms. Rows are locked in bucket order, so two nodes never deadlock.
-- Returns each bucket's hits after the step, and whether the request passes.
CREATE FUNCTION frontline_take_rate_limit_slot(buckets TEXT[], owners TEXT[], max_hits INT,
                                               since_ms BIGINT, now_ms BIGINT, record BOOLEAN)
RETURNS TABLE (bucket TEXT, hits BIGINT[], allowed BOOLEAN)
LANGUAGE plpgsql AS '
DECLARE
    ok BOOLEAN := TRUE;
BEGIN
    INSERT INTO rate_limit_windows AS w (bucket, owner, hits)
    SELECT b.bucket, b.owner, ''{}''
    FROM unnest(buckets, owners) AS b (bucket, owner)
    ORDER BY b.bucket
    ON CONFLICT DO NOTHING;
    PERFORM 1 FROM rate_limit_windows w WHERE w.bucket = ANY (buckets) ORDER BY w.bucket FOR UPDATE;
    UPDATE rate_limit_windows w
    SET hits = ARRAY(SELECT h FROM unnest(w.hits) AS h WHERE h > since_ms ORDER BY h)
    WHERE w.bucket = ANY (buckets);
    SELECT bool_and(coalesce(array_length(w.hits, 1), 0) < max_hits) INTO ok
    FROM rate_limit_windows w WHERE w.bucket = ANY (buckets);
    IF ok AND record THEN
        UPDATE rate_limit_windows w SET hits = w.hits || now_ms WHERE w.bucket = ANY (buckets);
    END IF;
    RETURN QUERY SELECT w.bucket, w.hits, ok FROM rate_limit_windows w WHERE w.bucket = ANY (buckets);
END
';

-- Counting a session's answers (the assistant's reply limit) reads the index only.
CREATE INDEX chat_messages_session_role ON chat_messages (session_id, role);
