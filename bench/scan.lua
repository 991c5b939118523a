-- wrk script for `manage.py bench`: requests paths picked at random from a file, one per line (the stamp
-- scans, or a single static file), optionally with an Accept header, and counts the answers that are not
-- 2xx, which wrk's own report folds into its errors only from 400 on.
--
--   wrk -t2 -c8 -d10s --latency -s bench/scan.lua http://127.0.0.1:PORT -- var/bench-var/bench-scan-paths.txt [application/json]

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  threads[#threads + 1] = thread
end

local paths = {}
local headers = {}
non2xx = 0

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  file:close()
  if args[2] and args[2] ~= "" then
    headers["Accept"] = args[2]
  end
  math.randomseed(os.time() * 1000 + id)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)], headers)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
  end
  local errors = summary.errors
  local socket = errors.connect + errors.read + errors.write + errors.timeout
  io.write(string.format(
    "WRK p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f requests=%d errors=%d non2xx=%d rps=%.1f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.requests, socket, non2xx_total, summary.requests / (summary.duration / 1e6)
  ))
end
