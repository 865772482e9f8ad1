-- wrk script of bench/search.py: each connection is a closed-loop client that sends the next
-- query of the rotation (BENCH_PATHS, a file of paths, one per line) as soon as it has the
-- answer to the previous one, and checks that answer: status 200, answered by BENCH_BACKEND,
-- not a fallback. At the end it prints one line of JSON with the latency percentiles (ms), the
-- backend's own times (took_ms) and the problems, for bench/search.py to read.

local threads = {}

function setup(thread)
  thread:set("offset", #threads * 7)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  expected = os.getenv("BENCH_BACKEND")
  sent = offset
  took = {}
  problems = 0
  first_problem = ""
end

function request()
  sent = sent + 1
  return wrk.format("GET", paths[(sent % #paths) + 1])
end

local function problem(text)
  problems = problems + 1
  if first_problem == "" then
    first_problem = text
  end
end

function response(status, headers, body)
  if status ~= 200 then
    problem("HTTP " .. status)
    return
  end
  local backend = body:match('"backend": "([%a_]+)"')
  local fallback = body:match('"fallback": (%a+)')
  if backend ~= expected or fallback ~= "false" then
    problem("answered by " .. tostring(backend) .. ", fallback " .. tostring(fallback))
    return
  end
  took[#took + 1] = tonumber(body:match('"took_ms": ([%d.]+)')) or 0
end

function done(summary, latency, requests)
  local all_took, count, first = {}, 0, ""
  for _, thread in ipairs(threads) do
    for _, value in ipairs(thread:get("took")) do
      all_took[#all_took + 1] = value
    end
    count = count + thread:get("problems")
    if first == "" then
      first = thread:get("first_problem")
    end
  end
  table.sort(all_took)
  local function took_at(p)
    if #all_took == 0 then
      return 0
    end
    return all_took[math.max(1, math.ceil(#all_took * p / 100))]
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "max": %.2f, ' ..
    '"took_p95": %.2f, "problems": %d, "first_problem": "%s", "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    took_at(95), count, first:gsub('"', "'"),
    e.connect + e.read + e.write + e.timeout
  ))
end
