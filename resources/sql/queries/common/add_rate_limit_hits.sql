-- SPDX-License-Identifier: GPL-3.0-or-later
-- Adds a batch's refusals of one key and route in one second to that second's row (several
-- batches and several nodes may count the same second). The row keeps its first time.
INSERT INTO rate_limit_hits (at, at_second, route, key_kind, key, client_ip, session_id, hit_count)
VALUES (:at, :at_second, :route, :key_kind, :key, :client_ip, :session_id, :hit_count)
ON CONFLICT (at_second, route, key_kind, key) DO UPDATE SET
    hit_count = rate_limit_hits.hit_count + excluded.hit_count,
    client_ip = excluded.client_ip,
    session_id = COALESCE(excluded.session_id, rate_limit_hits.session_id)
RETURNING id, at, route, key_kind, key, client_ip, session_id, hit_count
