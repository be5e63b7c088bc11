-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT id, session_id, filename, content_type, size, width, height, uploaded_by, created_at,
       thumbnail_type, bytes
FROM attachments
WHERE id = :id
