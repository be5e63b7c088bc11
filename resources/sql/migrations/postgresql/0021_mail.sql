-- SPDX-License-Identifier: GPL-3.0-or-later
-- When nobody is there (issue 20): what the customer gave and did, and the e-mail outbox.
--
-- customer_active_at: when the customer's page last polled, posted or had an event stream
-- open (ms; renewed at most every few seconds by each node). A customer inactive for
-- FRONTLINE_EMAIL_AFTER_SECONDS has left, and agents' replies they have not seen are e-mailed.
-- mailed_through_seq: the agents' replies up to this seq were e-mailed (or seen): each reply
-- goes out once, whichever node looks.
-- waiting_unattended: why nobody could answer when the customer asked for a human:
-- 'outside_hours' or 'nobody_online'; NULL when a human was there (or not waiting).
-- consented_at: when the customer ticked the pre-chat form's consent box (ms), NULL if never.
ALTER TABLE chat_sessions ADD COLUMN customer_active_at BIGINT;
ALTER TABLE chat_sessions ADD COLUMN mailed_through_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE chat_sessions ADD COLUMN waiting_unattended TEXT;
-- Replies written before this version are not mailed: the customers of those conversations
-- were never offered it.
UPDATE chat_sessions SET mailed_through_seq = last_seq;
ALTER TABLE chat_sessions ADD COLUMN consented_at BIGINT;

-- Every e-mail is a row, written in the transaction of the change that causes it, and sent
-- by a worker (chat/mailoutbox.cpp) that claims due rows for a while (claimed_by,
-- claimed_until), so that a node that died mid-send leaves them to another. message_id is
-- the Message-ID header, made with the row: a message sent again after a crash is the same
-- message. state: 'queued' (next_attempt_at says when), 'sending' (claimed), 'sent',
-- 'failed' (last_error says why; an agent may queue it again).
-- kind: 'reply' (agents' replies to a customer who left, first_seq..last_seq), 'transcript'
-- (asked for by the customer), 'copy' (a closed conversation, to the operator's address).
CREATE TABLE mail_outbox (
    id              BIGSERIAL PRIMARY KEY,
    session_id      TEXT REFERENCES chat_sessions (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    message_id      TEXT NOT NULL UNIQUE,
    recipient       TEXT NOT NULL,
    recipient_name  TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT NOT NULL,
    first_seq       BIGINT NOT NULL DEFAULT 0,
    last_seq        BIGINT NOT NULL DEFAULT 0,
    state           TEXT NOT NULL DEFAULT 'queued',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_by      TEXT,
    claimed_until   BIGINT,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at);
CREATE INDEX mail_outbox_session ON mail_outbox (session_id);
