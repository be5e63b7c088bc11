-- SPDX-License-Identifier: GPL-3.0-or-later
-- SQLite at start: what a process that died mid-send left claimed goes again at once.
UPDATE mail_outbox
SET state = 'queued', next_attempt_at = :now, claimed_by = NULL, claimed_until = NULL
WHERE state = 'sending'
