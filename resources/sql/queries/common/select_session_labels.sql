-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT l.name FROM session_labels sl JOIN labels l ON l.id = sl.label_id
WHERE sl.session_id = :session_id
ORDER BY l.name_key
