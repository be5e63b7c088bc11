-- SPDX-License-Identifier: GPL-3.0-or-later
-- Conversation search on full text (issue 21): the words of every message in an FTS5 index
-- whose content is chat_messages itself (external content: the text is stored once), folded
-- as searchtext::fold does (case and accents: "Élodie" is "elodie"). Triggers keep it in step
-- with every insert, delete (a session's cascade too) and change of a message's content.
-- The index refers to chat_messages' rowid, which has no INTEGER PRIMARY KEY: a VACUUM could
-- renumber it, so after one, run INSERT INTO chat_messages_fts (chat_messages_fts)
-- VALUES ('rebuild') (Frontline never vacuums; a migration rebuilding chat_messages, as 0014
-- did, rebuilds the index after it).
CREATE VIRTUAL TABLE chat_messages_fts USING fts5(
    content,
    content = 'chat_messages',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER chat_messages_fts_insert AFTER INSERT ON chat_messages BEGIN
    INSERT INTO chat_messages_fts (rowid, content) VALUES (new.rowid, new.content);
END;

CREATE TRIGGER chat_messages_fts_delete AFTER DELETE ON chat_messages BEGIN
    INSERT INTO chat_messages_fts (chat_messages_fts, rowid, content)
    VALUES ('delete', old.rowid, old.content);
END;

CREATE TRIGGER chat_messages_fts_update AFTER UPDATE OF content ON chat_messages BEGIN
    INSERT INTO chat_messages_fts (chat_messages_fts, rowid, content)
    VALUES ('delete', old.rowid, old.content);
    INSERT INTO chat_messages_fts (rowid, content) VALUES (new.rowid, new.content);
END;

-- The messages written before this version.
INSERT INTO chat_messages_fts (chat_messages_fts) VALUES ('rebuild');
