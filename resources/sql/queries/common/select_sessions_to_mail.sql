-- SPDX-License-Identifier: GPL-3.0-or-later
-- Sessions whose customer gave an e-mail address and has left (no sign of them since
-- :inactive_before; never any: the session's start), with agents' replies they have neither
-- seen nor been mailed, written since :replies_since. The cheap column checks come first: most
-- sessions have nothing unseen. :limit at most, the longest waiting first.
SELECT s.id, s.customer_seen_seq, s.mailed_through_seq
FROM chat_sessions s
WHERE s.last_seq > s.mailed_through_seq AND s.last_seq > s.customer_seen_seq
  AND s.customer_email IS NOT NULL AND s.customer_email <> ''
  AND COALESCE(s.customer_active_at, s.created_at) < :inactive_before
  AND EXISTS (SELECT 1 FROM chat_messages m
              WHERE m.session_id = s.id AND m.role = 'AGENT'
                AND m.seq > s.mailed_through_seq AND m.seq > s.customer_seen_seq
                AND m.created_at >= :replies_since)
ORDER BY s.last_message_at
LIMIT :limit
