-- SPDX-License-Identifier: GPL-3.0-or-later
-- Auto-assignment: when the session was given to its agent without anyone claiming it (NULL
-- otherwise, and once an agent claims it), and the agents who let it go unanswered, separated
-- by spaces (usernames have none), so that it is offered to the next one.
ALTER TABLE chat_sessions ADD COLUMN auto_assigned_at BIGINT;
ALTER TABLE chat_sessions ADD COLUMN passed_by TEXT;
