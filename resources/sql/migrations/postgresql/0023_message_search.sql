-- SPDX-License-Identifier: GPL-3.0-or-later
-- Conversation search on full text (issue 21): the words of every message, without accents,
-- stemmed as French and as English (a conversation's language is not always its session's),
-- in a generated column with a GIN index. frontline_unaccent is 0022's (the same definition
-- again, so that this migration stands on its own).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE OR REPLACE FUNCTION frontline_unaccent(p_text TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS 'SELECT unaccent(''unaccent''::regdictionary, p_text)';

ALTER TABLE chat_messages ADD COLUMN search_words TSVECTOR GENERATED ALWAYS AS (
    to_tsvector('french'::regconfig, frontline_unaccent(content))
    || to_tsvector('english'::regconfig, frontline_unaccent(content))) STORED;
CREATE INDEX chat_messages_search ON chat_messages USING GIN (search_words);
