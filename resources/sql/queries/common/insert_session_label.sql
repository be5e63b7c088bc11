-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO session_labels (session_id, label_id) VALUES (:session_id, :label_id)
