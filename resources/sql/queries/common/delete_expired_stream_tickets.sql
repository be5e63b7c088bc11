-- SPDX-License-Identifier: GPL-3.0-or-later
DELETE FROM stream_tickets WHERE expires_at <= :now
