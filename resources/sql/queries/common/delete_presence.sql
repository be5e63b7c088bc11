-- SPDX-License-Identifier: GPL-3.0-or-later
DELETE FROM agent_presence WHERE node = :node AND username = :username
