-- SPDX-License-Identifier: GPL-3.0-or-later
-- The knowledge base (issue 21): articles administrators write in Markdown, read by the
-- assistant in passages found by full-text search, and the customers' questions it had no
-- answer to. An article's passages are written again whenever it changes.
CREATE TABLE knowledge_articles (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    url        TEXT NOT NULL DEFAULT '',
    locale     TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL
);

-- The article's title and language are copied into each passage: what the search index holds.
CREATE TABLE knowledge_passages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES knowledge_articles (id) ON DELETE CASCADE,
    ordinal    INTEGER NOT NULL,
    locale     TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL,
    heading    TEXT NOT NULL DEFAULT '',
    content    TEXT NOT NULL
);
CREATE INDEX knowledge_passages_article ON knowledge_passages (article_id, ordinal);

-- The passages' words, accent- and case-insensitive; its rowid is the passage's id. The store
-- writes it with the passages (a statement per step: the migrations know no triggers' bodies),
-- so it holds exactly the rows of knowledge_passages.
CREATE VIRTUAL TABLE knowledge_passages_fts USING fts5(
    title, heading, content, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE unanswered_questions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id   TEXT NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    question     TEXT NOT NULL,
    folded       TEXT NOT NULL,
    locale       TEXT NOT NULL DEFAULT '',
    asked_at     INTEGER NOT NULL,
    dismissed_at INTEGER
);
CREATE UNIQUE INDEX unanswered_questions_once ON unanswered_questions (session_id, folded);
CREATE INDEX unanswered_questions_asked ON unanswered_questions (asked_at);

-- What an assistant's answer was taken from: a JSON array of {"title","url"?}; NULL for none.
ALTER TABLE chat_messages ADD COLUMN sources TEXT;
