-- SPDX-License-Identifier: GPL-3.0-or-later
-- Labels on conversations (issue 18, point 6). A label has a name, unique whatever its case
-- (name_key is its lower case, kept by the store), and a colour "#rrggbb". session_labels puts
-- labels on sessions; deleting a session or a label deletes its rows.
CREATE TABLE labels (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    colour     TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE session_labels (
    session_id TEXT NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    label_id   INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, label_id)
);
CREATE INDEX session_labels_label ON session_labels (label_id);
