-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT id, title, body, url, locale, created_at, updated_at, updated_by FROM knowledge_articles
WHERE id = :id
