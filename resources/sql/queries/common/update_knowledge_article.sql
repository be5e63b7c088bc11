-- SPDX-License-Identifier: GPL-3.0-or-later
UPDATE knowledge_articles
SET title = :title, body = :body, url = :url, locale = :locale, updated_at = :updated_at,
    updated_by = :updated_by
WHERE id = :id
