-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT id, session_id, kind, message_id, recipient, recipient_name, subject, body_text,
       body_html, first_seq, last_seq, state, attempts, next_attempt_at, last_error, created_at,
       sent_at
FROM mail_outbox
WHERE CAST(:state AS TEXT) IS NULL OR state = :state_again
ORDER BY id DESC
LIMIT :limit OFFSET :offset
