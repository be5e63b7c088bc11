-- SPDX-License-Identifier: GPL-3.0-or-later
-- The customer was there at :at: customer_active_at only moves forward (two nodes may write it).
UPDATE chat_sessions SET customer_active_at = :at
WHERE id = :id AND (customer_active_at IS NULL OR customer_active_at < :at_again)
