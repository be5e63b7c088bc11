-- SPDX-License-Identifier: GPL-3.0-or-later
UPDATE agents SET password_hash = :password_hash WHERE username = :username
