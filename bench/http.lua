-- wrk script of bench/http_bench.py: one path (given after "--"), the headers of -H, and a
-- count of the answers by status (200, 304, other 2xx/3xx, 4xx, 5xx).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  path = args[1] or "/"
  ok = 0
  notmodified = 0
  other = 0
  client = 0
  server = 0
end

function request()
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status == 304 then notmodified = notmodified + 1
  elseif status >= 500 then server = server + 1
  elseif status >= 400 then client = client + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local counts = {ok = 0, notmodified = 0, other = 0, client = 0, server = 0}
  for _, t in ipairs(threads) do
    for name, _ in pairs(counts) do counts[name] = counts[name] + t:get(name) end
  end
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f s200=%d s304=%d sother=%d s4xx=%d s5xx=%d " ..
    "socket_errors=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.duration / 1e6, counts.ok, counts.notmodified, counts.other,
    counts.client, counts.server,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
