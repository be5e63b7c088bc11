-- SPDX-License-Identifier: GPL-3.0-or-later
-- What the customer gave to be reached (POST /api/chat/contact): the e-mail address, and the
-- name when :name is not NULL. CAST makes the parameter's type known to PostgreSQL when NULL.
UPDATE chat_sessions
SET customer_email = :email, customer_name = COALESCE(CAST(:name AS TEXT), customer_name),
    updated_at = :updated_at
WHERE id = :id
