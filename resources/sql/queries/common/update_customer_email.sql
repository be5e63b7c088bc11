-- SPDX-License-Identifier: GPL-3.0-or-later
UPDATE chat_sessions SET customer_email = :email, updated_at = :updated_at WHERE id = :id
