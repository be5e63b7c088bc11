-- SPDX-License-Identifier: GPL-3.0-or-later
-- The attachments of a session among :ids, a JSON array of ids (a message's, to check them).
SELECT id, session_id, filename, content_type, size, width, height, uploaded_by, created_at,
       thumbnail_type
FROM attachments
WHERE session_id = :session_id AND id IN (SELECT json_array_elements_text(CAST(:ids AS json)))
