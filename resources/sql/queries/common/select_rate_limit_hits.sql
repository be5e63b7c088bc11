-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT id, at, route, key_kind, key, client_ip, session_id, hit_count
FROM rate_limit_hits
WHERE at >= :from AND at < :to
  AND (CAST(:route AS TEXT) IS NULL OR route = :route_again)
  AND (CAST(:key AS TEXT) IS NULL OR key = :key_again)
ORDER BY at DESC, id DESC
LIMIT :limit OFFSET :offset
