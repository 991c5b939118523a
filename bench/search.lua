-- wrk script for `manage.py bench`: cycles through the search requests the benchmark wrote, one per line,
-- and prints the latency percentiles wrk's own report leaves out (p95).
--
--   wrk -t1 -c4 -d10s -s bench/search.lua http://127.0.0.1:PORT -- var/bench-queries.txt

local paths = {}
local index = 0

function init(args)
  local file = assert(io.open(args[1] or "var/bench-queries.txt", "r"))
  for line in file:lines() do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  file:close()
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function done(summary, latency, requests)
  local errors = summary.errors
  local failed = errors.connect + errors.read + errors.write + errors.status + errors.timeout
  io.write(string.format(
    "WRK p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f requests=%d errors=%d rps=%.1f\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, failed, summary.requests / (summary.duration / 1e6)
  ))
end
