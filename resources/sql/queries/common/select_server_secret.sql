-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT value FROM server_secrets WHERE name = :name
