-- SPDX-License-Identifier: GPL-3.0-or-later
-- Canned responses shared by every console (issue 18, point 8): administrators edit them
-- through the agent API, every agent inserts them by "/" and the shortcut. The shortcut is
-- kept in lower case (the API lowers it), so the unique constraint is case-insensitive.
CREATE TABLE canned_responses (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shortcut   TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
);
