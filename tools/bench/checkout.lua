-- wrk script for the checkout benchmark: every request is a new customer buying one unit of the one hot SKU
-- in one session. SESSION and SKU come from the environment; TAG keeps runs apart.
local session = os.getenv("SESSION")
local sku = os.getenv("SKU")
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
  local customer = tag .. '-' .. tid .. '-' .. counter
  local ref = ""
  if counter % 10 == 0 then ref = ',"ref":"BenchStore01"' end
  local body = '{"clientOrderId":"k-' .. customer .. '","customerId":"' .. customer .. '","sessionId":"' .. session
    .. '"' .. ref .. ',"lines":[{"sku":"' .. sku .. '","quantity":1}]}'
  return wrk.format("POST", "/orders", {["Content-Type"] = "application/json"}, body)
end
