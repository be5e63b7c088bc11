-- SPDX-License-Identifier: GPL-3.0-or-later
-- Puts a session in the queue for a human. A session already waiting keeps the time it
-- started to wait and its first reason: the queue is ordered by how long customers wait.
-- Whether anyone could answer is said anew by each hand-off: it is how things stand now.
-- (SET reads the row as it was before the update.)
UPDATE chat_sessions
SET status = 'WAITING', assigned_agent = NULL, updated_at = :updated_at,
    waiting_since = CASE WHEN status = 'WAITING' AND waiting_since IS NOT NULL
                         THEN waiting_since ELSE :since END,
    waiting_reason = CASE WHEN status = 'WAITING' AND waiting_since IS NOT NULL
                          THEN waiting_reason ELSE :reason END,
    waiting_unattended = :unattended
WHERE id = :id AND status <> 'CLOSED'
