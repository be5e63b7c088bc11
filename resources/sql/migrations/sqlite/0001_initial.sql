-- SPDX-License-Identifier: GPL-3.0-or-later
-- Times are milliseconds since the Unix epoch, UTC (INTEGER), the same in both dialects,
-- so that no driver's time-zone handling can shift them.
-- SQLite: INTEGER PRIMARY KEY AUTOINCREMENT never reuses an id, like PostgreSQL's identity.

CREATE TABLE chat_sessions (
    id              TEXT PRIMARY KEY,
    user_id         TEXT,
    status          TEXT NOT NULL DEFAULT 'ACTIVE'
                    CHECK (status IN ('ACTIVE', 'WAITING', 'ASSIGNED', 'CLOSED')),
    assigned_agent  TEXT,
    customer_name   TEXT,
    customer_email  TEXT,
    locale          TEXT NOT NULL DEFAULT 'en',
    client_ip       TEXT,
    user_agent      TEXT,
    token_hash      TEXT NOT NULL,
    last_seq        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    last_message_at INTEGER
);
CREATE INDEX chat_sessions_status_activity ON chat_sessions (status, updated_at DESC);
CREATE INDEX chat_sessions_activity ON chat_sessions (updated_at DESC);
CREATE INDEX chat_sessions_user ON chat_sessions (user_id);

CREATE TABLE chat_messages (
    id                TEXT PRIMARY KEY,
    session_id        TEXT NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    seq               INTEGER NOT NULL,
    role              TEXT NOT NULL CHECK (role IN ('USER', 'ASSISTANT', 'AGENT', 'SYSTEM')),
    content           TEXT NOT NULL,
    sanitized         INTEGER NOT NULL DEFAULT 0,
    client_message_id TEXT,
    agent_name        TEXT,
    created_at        INTEGER NOT NULL,
    CONSTRAINT chat_messages_session_seq UNIQUE (session_id, seq)
);
-- NULL client ids never collide, so messages without one are unaffected.
CREATE UNIQUE INDEX chat_messages_client_id ON chat_messages (session_id, client_message_id);

CREATE TABLE user_usage_stats (
    user_key          TEXT PRIMARY KEY,
    sessions          INTEGER NOT NULL DEFAULT 0,
    messages_sent     INTEGER NOT NULL DEFAULT 0,
    assistant_replies INTEGER NOT NULL DEFAULT 0,
    rate_limited      INTEGER NOT NULL DEFAULT 0,
    tokens_in         INTEGER NOT NULL DEFAULT 0,
    tokens_out        INTEGER NOT NULL DEFAULT 0,
    last_active_at    INTEGER
);

CREATE TABLE rate_limit_hits (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    route      TEXT NOT NULL,
    key_kind   TEXT NOT NULL,
    key        TEXT NOT NULL,
    client_ip  TEXT,
    session_id TEXT
);
CREATE INDEX rate_limit_hits_at ON rate_limit_hits (at);
CREATE INDEX rate_limit_hits_key_at ON rate_limit_hits (key, at);

CREATE TABLE agents (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
    password_hash TEXT,
    token_hash    TEXT UNIQUE,
    created_at    INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     INTEGER NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
