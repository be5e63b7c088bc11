-- SPDX-License-Identifier: GPL-3.0-or-later
-- The seed's stack (bench/run's peer): POST /api/chat/message {sessionId, message} as the
-- peer's own post_message.lua sends it, cycling through questions that get different canned
-- answers (one through the HTML-escaping path), but spread over the prepared sessions as
-- send.lua does on Frontline, not all on one session (whose usage row every send would wait on).
dofile(os.getenv("BENCH_DIR") .. "/sessions.lua")
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
local messages = {
  "Hello, is anyone there?",
  "I cannot sign in to my account",
  "Why was I charged twice on my last invoice?",
  "Where is my order? The package has not arrived",
  "The page shows an error when I upload a file",
  "Can I talk to a human please?",
  'Thanks a lot <3 & \\"see you\\"',
}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end
local counter = 0
request = function()
  counter = counter + 1
  local s = sessions[(counter * 7 + (thread_id or 0)) % #sessions + 1]
  local body = '{"sessionId":"' .. s.id .. '","message":"' .. messages[counter % #messages + 1] .. '"}'
  return wrk.format("POST", "/api/chat/message", { ["Content-Type"] = "application/json" }, body)
end
