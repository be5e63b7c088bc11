-- SPDX-License-Identifier: GPL-3.0-or-later
-- The first node to need the secret makes it; the others keep the one it made.
INSERT INTO server_secrets (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING
