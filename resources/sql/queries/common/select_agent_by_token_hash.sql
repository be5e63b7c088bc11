-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT id, username, display_name, role, password_hash, token_hash, created_at FROM agents WHERE token_hash = :token_hash
