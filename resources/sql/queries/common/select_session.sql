-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT id, user_id, status, assigned_agent, customer_name, customer_email, locale, client_ip, user_agent, token_hash, last_seq, created_at, updated_at, last_message_at,
       waiting_since, waiting_reason, customer_seen_seq, waiting_unattended, consented_at
FROM chat_sessions WHERE id = :id
