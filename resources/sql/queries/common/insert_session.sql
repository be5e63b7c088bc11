-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO chat_sessions (id, user_id, status, assigned_agent, customer_name, customer_email, locale, client_ip, user_agent, token_hash, last_seq, created_at, updated_at, last_message_at, consented_at)
VALUES (:id, :user_id, :status, :assigned_agent, :customer_name, :customer_email, :locale,
        :client_ip, :user_agent, :token_hash, :last_seq, :created_at, :updated_at, :last_message_at, :consented_at)
