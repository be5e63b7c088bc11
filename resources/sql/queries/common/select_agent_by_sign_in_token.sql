-- SPDX-License-Identifier: GPL-3.0-or-later
-- A token given at sign-in, its agent and when it was last used.
SELECT a.id, a.username, a.display_name, a.role, a.password_hash, a.token_hash, a.created_at, t.last_used_at
FROM agent_tokens t JOIN agents a ON a.username = t.username
WHERE t.token_hash = :token_hash
