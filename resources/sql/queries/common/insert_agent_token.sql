-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO agent_tokens (token_hash, username, created_at, last_used_at)
VALUES (:token_hash, :username, :created_at, :last_used_at)
