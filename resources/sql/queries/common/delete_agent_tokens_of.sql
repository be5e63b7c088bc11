-- SPDX-License-Identifier: GPL-3.0-or-later
DELETE FROM agent_tokens WHERE username = :username AND token_hash <> :kept_token_hash
