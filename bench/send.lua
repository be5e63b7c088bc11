-- SPDX-License-Identifier: GPL-3.0-or-later
-- POST /api/chat/message over all prepared sessions (the mock assistant answers each), each
-- with a client message id of its own; an answer means the message and its reply are committed.
dofile(os.getenv("BENCH_DIR") .. "/sessions.lua")
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end
local counter = 0
request = function()
  counter = counter + 1
  local s = sessions[(counter * 7 + (thread_id or 0)) % #sessions + 1]
  local body = '{"sessionId":"' .. s.id .. '","message":"How do I reset my password?","clientMessageId":"b' ..
               os.getenv("BENCH_RUN") .. '-' .. tostring(thread_id) .. '-' .. counter .. '"}'
  return wrk.format("POST", "/api/chat/message", { ["Authorization"] = "Bearer " .. s.token, ["Content-Type"] = "application/json" }, body)
end
