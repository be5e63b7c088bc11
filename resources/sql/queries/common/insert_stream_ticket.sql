-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO stream_tickets (ticket_hash, session_id, expires_at) VALUES (:ticket_hash, :session_id, :expires_at)
