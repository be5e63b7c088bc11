-- SPDX-License-Identifier: GPL-3.0-or-later
-- The whole history, as the seed's chat page polled it: GET /api/chat/history?sessionId=<id>
-- without after=, over all prepared sessions (each holds the welcome and its prepared sends).
dofile(os.getenv("BENCH_DIR") .. "/sessions.lua")
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
local next = 0
request = function()
  next = next % #sessions + 1
  local s = sessions[next]
  return wrk.format("GET", "/api/chat/history?sessionId=" .. s.id, { ["Authorization"] = "Bearer " .. s.token })
end
