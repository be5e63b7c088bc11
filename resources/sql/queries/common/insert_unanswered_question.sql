-- SPDX-License-Identifier: GPL-3.0-or-later
-- Once per session and question (folded): a repeat changes nothing.
INSERT INTO unanswered_questions (session_id, question, folded, locale, asked_at)
VALUES (:session_id, :question, :folded, :locale, :asked_at)
ON CONFLICT (session_id, folded) DO NOTHING
