-- SPDX-License-Identifier: GPL-3.0-or-later
-- An agent's retry of a failed mail: queued now, its attempts counted again from zero.
UPDATE mail_outbox
SET state = 'queued', next_attempt_at = :now, attempts = 0, claimed_by = NULL,
    claimed_until = NULL
WHERE id = :id AND state = 'failed'
RETURNING id, session_id, kind, message_id, recipient, recipient_name, subject, body_text,
       body_html, first_seq, last_seq, state, attempts, next_attempt_at, last_error, created_at,
       sent_at
