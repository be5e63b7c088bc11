-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT COUNT(*) FROM knowledge_articles
