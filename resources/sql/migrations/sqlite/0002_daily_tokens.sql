-- SPDX-License-Identifier: GPL-3.0-or-later
-- Tokens spent per user key and UTC day, so a free AI behind the chat page can be capped.
CREATE TABLE user_daily_tokens (
    user_key TEXT NOT NULL,
    day      TEXT NOT NULL, -- YYYY-MM-DD, UTC
    tokens   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_key, day)
);
