-- wrk script of the morning-rush benchmark (bench/morning-rush/README.md).
-- Arguments: <requests file> <path> <date> <thread count> <run id>. Each line of the requests file is
-- "<access token>\t<pupil id>" (the token is empty for the baseline). Every request is a new whole-day absence
-- notice to the school for the line's pupil, with its own Idempotency-Key, as the phone app sends it.
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  tokens, pupils = {}, {}
  for line in io.lines(args[1]) do
    local token, pupil = line:match("^([^\t]*)\t([^\t]+)$")
    tokens[#tokens + 1] = token
    pupils[#pupils + 1] = pupil
  end
  path, date, step, run = args[2], args[3], tonumber(args[4]), args[5]
  counter = tid
  statuses = {}
end

function request()
  local i = counter % #pupils + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("rush-%s-%d", run, counter),
  }
  if tokens[i] ~= "" then
    headers["Authorization"] = "Bearer " .. tokens[i]
  end
  counter = counter + step
  local body = string.format(
    '{"pupilId":"%s","firstDate":"%s","lastDate":"%s","toSchool":true,"toSfo":false,"reason":"Illness"}',
    pupils[i], date, date)
  return wrk.format("POST", path, headers, body)
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local parts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      parts[tostring(status)] = (parts[tostring(status)] or 0) + n
    end
  end
  local statusJson = {}
  for status, n in pairs(parts) do
    statusJson[#statusJson + 1] = string.format('"%s":%d', status, n)
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,"socketErrors":%d,"statuses":{%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, table.concat(statusJson, ",")))
end
