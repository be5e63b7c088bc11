-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO audit_log (at, actor, action, target, detail)
VALUES (:at, :actor, :action, :target, :detail)
RETURNING id
