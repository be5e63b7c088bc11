-- SPDX-License-Identifier: GPL-3.0-or-later
-- Reads the sessions prepared by load.mjs (BENCH_SESSIONS: "id token after" per line, after
-- being the latest message's seq on Frontline, its id on the seed's stack, which has no tokens
-- and reads "-" there).
sessions = {}
local file = assert(io.open(os.getenv("BENCH_SESSIONS"), "r"))
for line in file:lines() do
  local id, token, after = line:match("^(%S+) (%S+) (%S+)$")
  if id then sessions[#sessions + 1] = { id = id, token = token, after = after } end
end
file:close()
