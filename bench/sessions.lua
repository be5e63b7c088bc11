-- SPDX-License-Identifier: GPL-3.0-or-later
-- Reads the sessions prepared by load.mjs (BENCH_SESSIONS: "id token lastSeq" per line).
sessions = {}
local file = assert(io.open(os.getenv("BENCH_SESSIONS"), "r"))
for line in file:lines() do
  local id, token, seq = line:match("^(%S+) (%S+) (%d+)$")
  if id then sessions[#sessions + 1] = { id = id, token = token, seq = tonumber(seq) } end
end
file:close()
