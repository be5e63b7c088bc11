-- SPDX-License-Identifier: GPL-3.0-or-later
-- The queue as auto-assignment gives it out: longest waiting first (sessions waiting since
-- before the queue kept its times last), each with the agents who let it go unanswered.
SELECT id, passed_by
FROM chat_sessions
WHERE status = 'WAITING' AND assigned_agent IS NULL
ORDER BY waiting_since IS NULL, waiting_since, created_at, id
LIMIT 500
