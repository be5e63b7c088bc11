-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO knowledge_passages (article_id, ordinal, locale, title, heading, content)
VALUES (:article_id, :ordinal, :locale, :title, :heading, :content)
RETURNING id
