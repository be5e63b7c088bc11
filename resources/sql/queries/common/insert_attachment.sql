-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO attachments (id, session_id, client_id, filename, content_type, size, width, height,
                         uploaded_by, created_at, thumbnail_type, thumbnail, bytes)
VALUES (:id, :session_id, :client_id, :filename, :content_type, :size, :width, :height,
        :uploaded_by, :created_at, :thumbnail_type, :thumbnail, :bytes)
