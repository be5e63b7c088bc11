-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO rate_limit_hits (at, route, key_kind, key, client_ip, session_id)
VALUES (:at, :route, :key_kind, :key, :client_ip, :session_id)
RETURNING id
