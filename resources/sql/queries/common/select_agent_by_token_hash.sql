-- SPDX-License-Identifier: GPL-3.0-or-later
-- The token an agent was created with, or one given at sign-in.
SELECT id, username, display_name, role, password_hash, token_hash, created_at FROM agents WHERE token_hash = :token_hash
UNION
SELECT id, username, display_name, role, password_hash, token_hash, created_at FROM agents
WHERE username = (SELECT username FROM agent_tokens WHERE token_hash = :token_hash_again)
