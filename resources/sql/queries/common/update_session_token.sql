-- SPDX-License-Identifier: GPL-3.0-or-later
-- A new token for the session (a resume link was opened): the old one no longer opens it.
UPDATE chat_sessions SET token_hash = :token_hash, updated_at = :updated_at WHERE id = :id
