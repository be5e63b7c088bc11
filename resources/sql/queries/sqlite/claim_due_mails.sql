-- SPDX-License-Identifier: GPL-3.0-or-later
-- The outbox worker's claim: due rows (queued and due, or a claim that ran out) become
-- 'sending' for this node for a lease. One node on SQLite: nothing to skip.
UPDATE mail_outbox
SET state = 'sending', claimed_by = :node, claimed_until = :until, attempts = attempts + 1
WHERE id IN (
    SELECT id FROM mail_outbox
    WHERE (state = 'queued' AND next_attempt_at <= :now)
       OR (state = 'sending' AND claimed_until < :now_again)
    ORDER BY next_attempt_at, id
    LIMIT :limit)
RETURNING id, session_id, kind, message_id, recipient, recipient_name, subject, body_text,
       body_html, first_seq, last_seq, state, attempts, next_attempt_at, last_error, created_at,
       sent_at
