-- SPDX-License-Identifier: GPL-3.0-or-later
DELETE FROM session_labels WHERE session_id = :session_id
