-- SPDX-License-Identifier: GPL-3.0-or-later
-- Reading never goes backwards (CASE, because the dialects name the maximum differently).
INSERT INTO agent_reads (agent, session_id, last_read_seq) VALUES (:agent, :session_id, :seq)
ON CONFLICT (agent, session_id) DO UPDATE SET last_read_seq =
    CASE WHEN excluded.last_read_seq > agent_reads.last_read_seq THEN excluded.last_read_seq
         ELSE agent_reads.last_read_seq END
