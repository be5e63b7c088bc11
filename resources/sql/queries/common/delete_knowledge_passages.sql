-- SPDX-License-Identifier: GPL-3.0-or-later
DELETE FROM knowledge_passages WHERE article_id = :article_id
