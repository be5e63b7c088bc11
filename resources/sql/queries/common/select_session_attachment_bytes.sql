-- SPDX-License-Identifier: GPL-3.0-or-later
-- How much a session's attachments hold already (its quota).
SELECT COALESCE(SUM(size), 0) FROM attachments WHERE session_id = :session_id
