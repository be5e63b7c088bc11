-- SPDX-License-Identifier: GPL-3.0-or-later
UPDATE unanswered_questions SET dismissed_at = :dismissed_at
WHERE id = :id AND dismissed_at IS NULL
