-- SPDX-License-Identifier: GPL-3.0-or-later
-- The administrator's messages carry a mark, ' admin' (a leading space no display name can
-- have), in place of their name: the name is a setting, translated while it is the default,
-- and resolved when a message is shown (backend/api/agentnames.h). Those written before
-- carry the old fixed name "Administrator"; they get the mark unless an agent is named so, in
-- which case nobody can tell whose they were and they keep it.
UPDATE chat_messages SET agent_name = ' admin'
WHERE role = 'AGENT' AND agent_name = 'Administrator'
  AND NOT EXISTS (SELECT 1 FROM agents WHERE display_name = 'Administrator');
