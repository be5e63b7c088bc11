-- SPDX-License-Identifier: GPL-3.0-or-later
DELETE FROM knowledge_articles WHERE id = :id
