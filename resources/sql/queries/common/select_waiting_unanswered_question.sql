-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT id, session_id, question, locale, asked_at FROM unanswered_questions
WHERE id = :id AND dismissed_at IS NULL
