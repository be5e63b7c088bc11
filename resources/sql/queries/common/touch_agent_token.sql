-- SPDX-License-Identifier: GPL-3.0-or-later
UPDATE agent_tokens SET last_used_at = :last_used_at WHERE token_hash = :token_hash
