-- wrk script for the join benchmark: every request is a new customer joining one session, a tenth of
-- them through a store ref. SESSION comes from the environment; TAG keeps runs apart.
local session = os.getenv("SESSION")
local tag = os.getenv("TAG") or "run"
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  tid = tid or 0
end

function request()
  counter = counter + 1
  local ref = ""
  if counter % 10 == 0 then ref = ',"ref":"BenchStore01"' end
  local body = '{"customerId":"' .. tag .. '-' .. tid .. '-' .. counter .. '"' .. ref .. '}'
  return wrk.format("POST", "/sessions/" .. session .. "/join", {["Content-Type"] = "application/json"}, body)
end
