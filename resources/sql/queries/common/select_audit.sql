-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT id, at, actor, action, target, detail
FROM audit_log
ORDER BY at DESC, id DESC
LIMIT :limit OFFSET :offset
