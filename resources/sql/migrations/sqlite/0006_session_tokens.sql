-- SPDX-License-Identifier: GPL-3.0-or-later
-- Sign-in tokens expire after a time without use (FRONTLINE_SESSION_LIFETIME): when each was
-- last used. Tokens from before this version count from their creation.
ALTER TABLE agent_tokens ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0;
UPDATE agent_tokens SET last_used_at = created_at;
-- A new password ends every sign-in of its agent.
CREATE INDEX agent_tokens_username ON agent_tokens (username);
