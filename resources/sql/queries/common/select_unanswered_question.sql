-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT id, session_id, question, locale, asked_at FROM unanswered_questions
WHERE session_id = :session_id AND folded = :folded
