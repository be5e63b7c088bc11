-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO agents (username, display_name, role, password_hash, token_hash, created_at)
VALUES (:username, :display_name, :role, :password_hash, :token_hash, :created_at)
RETURNING id
