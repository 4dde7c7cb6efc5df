-- wrk script for bench/load.sh: cycles through the query mix (bench/queries, one URL query
-- string a line) as GET /api/search?<line>, each thread from its own offset, and counts
-- every status other than 200 as an error (wrk itself counts only >= 400).
--   wrk -t2 -c16 -d10s --latency -s bench/wrk-mix.lua http://127.0.0.1:PORT -- bench/queries
--   wrk ... -s bench/wrk-mix.lua http://127.0.0.1:PORT -- --healthz     (GET /healthz only)
-- done() prints one line for the script to read:
--   RESULT requests=N seconds=S rps=R p50_ms=X p90_ms=X p99_ms=X max_ms=X non200=N socket_errors=N

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  non200 = 0
  paths = {}
  local source = args[1] or "bench/queries"
  if source == "--healthz" then
    paths[1] = "/healthz"
  else
    for line in io.lines(source) do
      if #line > 0 and line:sub(1, 1) ~= "#" then
        paths[#paths + 1] = "/api/search?" .. line
      end
    end
  end
  -- Threads start apart so that they do not ask the same query at the same moment.
  counter = (id * 37) % #paths
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non200") or 0)
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non200=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, bad, e.connect + e.read + e.write + e.timeout))
end
