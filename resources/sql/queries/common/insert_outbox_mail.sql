-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO mail_outbox (session_id, kind, message_id, recipient, recipient_name, subject,
                         body_text, body_html, first_seq, last_seq, state, attempts,
                         next_attempt_at, created_at)
VALUES (:session_id, :kind, :message_id, :recipient, :recipient_name, :subject, :body_text,
        :body_html, :first_seq, :last_seq, 'queued', 0, :next_attempt_at, :created_at)
