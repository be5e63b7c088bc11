-- SPDX-License-Identifier: GPL-3.0-or-later
-- Stream tickets: what EventSource (which cannot send headers) puts in the URL of an event
-- stream instead of the session token, so that the token never lands in a proxy's access
-- log. Short-lived and single-use; kept in the database so that a reconnect that reaches
-- another node sharing it is accepted there, and a ticket is taken only once whichever node
-- takes it (taking it is deleting its row). Only its hash is stored, as for tokens.
CREATE TABLE stream_tickets (
    ticket_hash TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX stream_tickets_expiry ON stream_tickets (expires_at);
