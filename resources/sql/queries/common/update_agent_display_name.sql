-- SPDX-License-Identifier: GPL-3.0-or-later
UPDATE agents SET display_name = :display_name WHERE username = :username
