-- SPDX-License-Identifier: GPL-3.0-or-later
DELETE FROM agent_tokens WHERE token_hash = :token_hash
