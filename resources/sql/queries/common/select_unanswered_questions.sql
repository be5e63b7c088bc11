-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT id, session_id, question, locale, asked_at FROM unanswered_questions
WHERE dismissed_at IS NULL
ORDER BY asked_at DESC, id DESC
LIMIT :limit
