-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT id, at, route, key_kind, key, client_ip, session_id, hit_count FROM rate_limit_hits WHERE id = :id
