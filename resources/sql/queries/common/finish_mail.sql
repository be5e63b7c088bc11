-- SPDX-License-Identifier: GPL-3.0-or-later
-- An attempt's outcome, recorded only by the node that still holds the claim.
UPDATE mail_outbox
SET state = :state, next_attempt_at = :next_attempt_at, last_error = :last_error,
    sent_at = :sent_at, claimed_by = NULL, claimed_until = NULL
WHERE id = :id AND state = 'sending' AND claimed_by = :node
RETURNING id, session_id, kind, message_id, recipient, recipient_name, subject, body_text,
       body_html, first_seq, last_seq, state, attempts, next_attempt_at, last_error, created_at,
       sent_at
