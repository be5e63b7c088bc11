-- SPDX-License-Identifier: GPL-3.0-or-later
-- What 2 s polling costs: GET /api/chat/history?after=<latest> over all prepared sessions.
dofile(os.getenv("BENCH_DIR") .. "/sessions.lua")
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
local next = 0
request = function()
  next = next % #sessions + 1
  local s = sessions[next]
  return wrk.format("GET", "/api/chat/history?sessionId=" .. s.id .. "&after=" .. s.after, { ["Authorization"] = "Bearer " .. s.token })
end
