-- SPDX-License-Identifier: GPL-3.0-or-later
-- Taking a ticket deletes it: of two nodes taking the same ticket, exactly one deletes a row.
DELETE FROM stream_tickets WHERE ticket_hash = :ticket_hash AND session_id = :session_id AND expires_at > :now
