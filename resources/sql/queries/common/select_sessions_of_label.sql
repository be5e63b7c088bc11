-- SPDX-License-Identifier: GPL-3.0-or-later
-- The sessions that carry a label (before it is deleted or renamed: to announce them).
SELECT session_id FROM session_labels WHERE label_id = :label_id ORDER BY session_id
