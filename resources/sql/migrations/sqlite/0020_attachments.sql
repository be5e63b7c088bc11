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
    thumbnail      BLOB,
    bytes          BLOB NOT NULL
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
