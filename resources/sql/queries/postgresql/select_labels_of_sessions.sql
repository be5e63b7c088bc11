-- SPDX-License-Identifier: GPL-3.0-or-later
-- The labels of a page of sessions in one query: :session_ids is a JSON array of their ids.
SELECT sl.session_id, l.name FROM session_labels sl JOIN labels l ON l.id = sl.label_id
WHERE sl.session_id IN (SELECT json_array_elements_text(CAST(:session_ids AS json)))
ORDER BY sl.session_id, l.name_key
