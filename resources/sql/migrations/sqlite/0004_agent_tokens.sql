-- SPDX-License-Identifier: GPL-3.0-or-later
-- Tokens given at password sign-in, one per console, beside the token an agent is created with.
CREATE TABLE agent_tokens (
    token_hash TEXT PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES agents (username) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
