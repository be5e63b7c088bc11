-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO knowledge_articles (title, body, url, locale, created_at, updated_at, updated_by)
VALUES (:title, :body, :url, :locale, :created_at, :updated_at, :updated_by)
RETURNING id
