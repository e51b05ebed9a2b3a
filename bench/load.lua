-- wrk script: cycle through the paths given after "--", and count 5xx and other errors.
local threads = {}
local paths = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = args
  counter = 0
  fivexx = 0
  failed = 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  if status >= 500 then fivexx = fivexx + 1 end
  if status >= 400 then failed = failed + 1 end
end

function done(summary, latency, requests)
  local f, n = 0, 0
  for _, t in ipairs(threads) do
    f = f + t:get("fivexx")
    n = n + t:get("failed")
  end
  io.write(string.format("RESULT requests=%d seconds=%.3f fivexx=%d failed=%d socket_errors=%d p50_ms=%.1f p99_ms=%.1f\n",
    summary.requests, summary.duration / 1e6, f, n,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
